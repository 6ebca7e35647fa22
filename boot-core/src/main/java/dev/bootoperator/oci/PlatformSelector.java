package dev.bootoperator.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which manifest of an image index to use: the first entry whose {@code platform} is {@code os/architecture};
 * failing that, as upstream does for Garden Linux indexes without platforms, the first entry whose annotation
 * {@code cname} starts with {@code cnamePrefix} and whose annotation {@code architecture} (or platform
 * architecture) matches.
 *
 * <pre>{@code
 * PlatformSelector.linux("arm64");                        // linux/arm64, CNAME fallback "metal_pxe"
 * PlatformSelector.linux("amd64").withCnamePrefix("metal"); // another fallback prefix
 * }</pre>
 *
 * @param cnamePrefix empty to disable the fallback
 */
public record PlatformSelector(String os, String architecture, Optional<String> cnamePrefix) {
    public static final String DEFAULT_CNAME_PREFIX = "metal_pxe";

    public PlatformSelector {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(cnamePrefix, "cnamePrefix");
        if (os.isBlank() || architecture.isBlank()) {
            throw new IllegalArgumentException("os and architecture must not be blank: '" + os + "/" + architecture + "'");
        }
        os = os.trim().toLowerCase(Locale.ROOT);
        architecture = normalizeArchitecture(architecture);
        cnamePrefix = cnamePrefix.filter(p -> !p.isEmpty());
    }

    /** {@code linux/<architecture>} with the {@value #DEFAULT_CNAME_PREFIX} CNAME fallback. */
    public static PlatformSelector linux(String architecture) {
        return new PlatformSelector("linux", architecture, Optional.of(DEFAULT_CNAME_PREFIX));
    }

    public PlatformSelector withCnamePrefix(String prefix) {
        return new PlatformSelector(os, architecture, Optional.ofNullable(prefix));
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
        return os + "/" + architecture + cnamePrefix.map(p -> " (or cname " + p + "*)").orElse("");
    }
}
