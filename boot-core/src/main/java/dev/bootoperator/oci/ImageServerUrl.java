package dev.bootoperator.oci;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * {@code --image-server-url}, the prefix of the UKI URLs HTTP-boot machines get, as upstream:
 * {@code <prefix>/<image name>/sha256-<hex>.efi}. The image proxy serves them under {@code /httpboot/}, so a Go
 * user's {@code http://boot:8083/httpboot} gives Go's URLs byte for byte.
 *
 * <p>A URL with no path ({@code http://boot:8083}, what this project documented before) means the proxy's root:
 * {@code /httpboot} is appended and {@link #httpbootAppended()} says so, for the caller to log.
 *
 * <pre>{@code
 * ImageServerUrl.of("http://boot:8083/httpboot").ukiUrl(image, digest)
 *     // http://boot:8083/httpboot/ghcr.io/gardenlinux/gardenlinux/sha256-<hex>.efi
 * ImageServerUrl.of("http://boot:8083").prefix()   // http://boot:8083/httpboot
 * }</pre>
 *
 * @param prefix            the prefix, without a trailing {@code /}
 * @param httpbootAppended  whether {@code /httpboot} was appended to a URL without a path
 */
public record ImageServerUrl(String prefix, boolean httpbootAppended) {
    /** The path under which the image proxy serves UKIs. */
    public static final String HTTPBOOT_PATH = "/httpboot";

    public ImageServerUrl {
        Objects.requireNonNull(prefix, "prefix");
    }

    /**
     * Parses the flag's value: a trailing {@code /} is dropped; no path at all means {@value #HTTPBOOT_PATH}.
     *
     * @throws IllegalArgumentException when {@code url} is not an absolute http(s) URL with a host
     */
    public static ImageServerUrl of(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("image server URL '" + trimmed + "' is not a URL: " + e.getReason());
        }
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("image server URL '" + trimmed + "' must be http(s)://HOST[:PORT][/PATH]");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("image server URL '" + trimmed + "' must not have a query or fragment");
        }
        String base = trimmed;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.replace("/", "").isEmpty()) {
            return new ImageServerUrl(base + HTTPBOOT_PATH, true);
        }
        return new ImageServerUrl(base, false);
    }

    /** The UKI URL of layer {@code digest} of {@code image}: {@code <prefix>/<familiar name>/sha256-<hex>.efi}. */
    public String ukiUrl(ImageReference image, Digest digest) {
        return prefix + "/" + image.familiarName() + "/sha256-" + digest.hex() + ".efi";
    }

    /** The line to log when {@link #httpbootAppended()}: what was given, what is used, and how to say it. */
    public String appendedNote(String flag) {
        String given = prefix.substring(0, prefix.length() - HTTPBOOT_PATH.length());
        return flag + " " + given + " has no path; using " + prefix + " as the UKI URL prefix (upstream's flag is the "
                + "prefix itself: give " + prefix + " to say so)";
    }

    @Override
    public String toString() {
        return prefix;
    }
}
