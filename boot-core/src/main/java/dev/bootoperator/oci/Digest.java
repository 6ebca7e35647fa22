package dev.bootoperator.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest as OCI writes it: {@code sha256:<64 lower-case hex>}. Only sha256 is accepted, which is
 * what registries use for blobs and manifests.
 *
 * <pre>{@code
 * Digest d = Digest.parse("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
 * d.hex(); // "9f86d0..."
 * }</pre>
 */
public record Digest(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: '" + hex + "' (want 64 lower-case hex characters)");
        }
    }

    /** Parses {@code sha256:<hex>}; the message quotes the input when it is malformed. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        String t = text.trim();
        if (!t.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
            throw new IllegalArgumentException("not a sha256 digest: '" + text + "' (want sha256:<64 hex>)");
        }
        String hex = t.substring("sha256:".length());
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: '" + text + "' (want sha256:<64 lower-case hex>)");
        }
        return new Digest(hex);
    }

    /** The digest of these bytes. */
    public static Digest of(byte[] content) {
        try {
            return new Digest(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
