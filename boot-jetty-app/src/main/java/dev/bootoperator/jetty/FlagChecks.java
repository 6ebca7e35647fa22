package dev.bootoperator.jetty;

import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks both command lines (the boot server's and the operator's) apply to upstream's flags. Each throws
 * {@link IllegalArgumentException} with a message that starts with the flag and quotes the value, which the
 * command turns into a usage error (exit 2).
 */
public final class FlagChecks {
    /** Architectures an OS image index may be resolved for (GOARCH names). */
    public static final Set<String> ARCHITECTURES = Set.of("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64");

    private FlagChecks() {
    }

    /** {@code --architecture}: one of {@link #ARCHITECTURES}, trimmed. */
    public static String architecture(String value) {
        String arch = value.trim();
        if (!ARCHITECTURES.contains(arch)) {
            throw new IllegalArgumentException("--architecture: '" + value + "' is not one of "
                    + ARCHITECTURES.stream().sorted().toList());
        }
        return arch;
    }

    /** A comma-separated list, entries trimmed, blanks dropped. */
    public static List<String> csv(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** An http(s) URL with a host; empty when the value is blank. */
    public static Optional<String> url(String flag, String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException(flag + ": '" + v + "' is not an http:// or https:// URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not a URL: " + e.getReason());
        }
        return Optional.of(v);
    }

    /** An image reference whose registry the policy allows. */
    public static ImageReference image(String flag, String value, RegistryPolicy policy) {
        ImageReference image;
        try {
            image = ImageReference.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
        if (!policy.allows(image.registry())) {
            throw new IllegalArgumentException(flag + ": registry " + image.registry() + " of image " + image
                    + " is not allowed (allowed: " + String.join(",", policy.allowed()) + "; see --allowed-registries)");
        }
        return image;
    }

    /**
     * Upstream's rule for the iPXE service URL: {@code --ipxe-service-url}, else
     * {@code <protocol>://$IPXE_SERVER_ADDRESS:<port>}, else none (iPXE off).
     */
    public static Optional<String> ipxeServiceUrl(String url, String protocol, int port, Map<String, String> env) {
        String scheme = protocol.trim().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("--ipxe-service-protocol: '" + protocol + "' is not http or https");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--ipxe-service-port: " + port + " is out of range 1-65535");
        }
        if (!url.isBlank()) {
            return url("--ipxe-service-url", url);
        }
        String address = env.getOrDefault(BootServerOptions.IPXE_SERVER_ADDRESS_ENV, "").trim();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return url("$" + BootServerOptions.IPXE_SERVER_ADDRESS_ENV, scheme + "://" + host + ":" + port);
    }

    /** An exception as one line: its message and its causes' messages, without a stack trace. */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 500; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
        }
        return oneLine(b.toString());
    }

    /** Line breaks and the blanks around them as one space. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
