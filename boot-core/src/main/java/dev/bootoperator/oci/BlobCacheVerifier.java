package dev.bootoperator.oci;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes a blob as it streams past, and says what is wrong with it. */
final class BlobCacheVerifier {
    /** Upstream sent a body that is not the blob: short, too long, or with another sha256. The caller names the blob. */
    static final class Mismatch extends IOException {
        Mismatch(String message) {
            super(message);
        }
    }

    private final Digest digest;
    private final long size;
    private final MessageDigest sha256;
    private long count;

    BlobCacheVerifier(Digest digest, long size) {
        this.digest = digest;
        this.size = size;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Rejects an announced Content-Length that cannot be this blob, before any byte is read. */
    void checkAnnounced(long contentLength) throws Mismatch {
        if (contentLength >= 0 && contentLength != size) {
            throw new Mismatch("upstream announced " + contentLength + " bytes, the descriptor says " + size);
        }
    }

    void update(byte[] bytes, int offset, int length) throws Mismatch {
        if (length > size - count) {
            throw new Mismatch("upstream sent more than the " + size + " bytes the descriptor says");
        }
        sha256.update(bytes, offset, length);
        count += length;
    }

    long count() {
        return count;
    }

    Mismatch truncated() {
        return new Mismatch("upstream ended after " + count + " of " + size + " bytes");
    }

    /** Call at upstream's end of stream. */
    void verify() throws Mismatch {
        if (count != size) {
            throw truncated();
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(digest.hex())) {
            throw new Mismatch("upstream sent " + size + " bytes with sha256:" + actual);
        }
    }
}
