package dev.bootoperator.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which manifest of an image index to use, as upstream's {@code oci.FindManifestByArchitecture} picks it.
 *
 * <ol>
 *   <li>With a CNAME prefix (PXE images): the first entry whose annotation {@code cname} starts with the prefix
 *       and whose annotation {@code architecture} is the architecture. Garden Linux publishes several flavours
 *       per architecture in one index ({@code metal_pxe-…}, {@code metal-…}, {@code kvm-…}); only the cname tells
 *       the PXE flavour apart.</li>
 *   <li>Then the first entry whose {@code platform.architecture} is the architecture. {@code platform.os} is
 *       ignored: Garden Linux indexes say {@code os: gardenlinux}.</li>
 * </ol>
 * UKIs (HTTP boot) use the platform only, as upstream's {@code internal/uki/oci.go}.
 *
 * <pre>{@code
 * PlatformSelector.pxe("arm64");   // cname metal_pxe* first, then platform arm64
 * PlatformSelector.uki("amd64");   // platform amd64 only
 * }</pre>
 *
 * @param architecture the architecture; the kernel's names {@code x86_64} and {@code aarch64} are accepted
 * @param cnamePrefix  the CNAME prefix tried first; empty for the platform only
 */
public record PlatformSelector(String architecture, Optional<String> cnamePrefix) {
    /** The prefix upstream's PXE controller asks for. */
    public static final String DEFAULT_CNAME_PREFIX = "metal_pxe";

    public PlatformSelector {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(cnamePrefix, "cnamePrefix");
        if (architecture.isBlank()) {
            throw new IllegalArgumentException("architecture must not be blank");
        }
        architecture = normalizeArchitecture(architecture);
        cnamePrefix = cnamePrefix.map(String::trim).filter(p -> !p.isEmpty());
    }

    /** PXE images: cname {@value #DEFAULT_CNAME_PREFIX}{@code *} with that architecture first, then the platform. */
    public static PlatformSelector pxe(String architecture) {
        return new PlatformSelector(architecture, Optional.of(DEFAULT_CNAME_PREFIX));
    }

    /** UKIs: the platform's architecture only. */
    public static PlatformSelector uki(String architecture) {
        return new PlatformSelector(architecture, Optional.empty());
    }

    public PlatformSelector withCnamePrefix(String prefix) {
        return new PlatformSelector(architecture, Optional.ofNullable(prefix));
    }

    /** This architecture without the CNAME step: how UKIs are picked. */
    public PlatformSelector platformOnly() {
        return uki(architecture);
    }

    /** Accepts the kernel's names too: {@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}. */
    static String normalizeArchitecture(String architecture) {
        String a = architecture.trim().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    @Override
    public String toString() {
        return cnamePrefix.map(p -> "cname " + p + "* with architecture " + architecture + ", then ").orElse("")
                + "platform architecture " + architecture;
    }
}
