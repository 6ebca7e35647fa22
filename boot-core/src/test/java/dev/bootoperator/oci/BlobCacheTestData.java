package dev.bootoperator.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Deterministic blob content of any length, generated on the fly: byte {@code p} depends only on seed and p. */
final class BlobCacheTestData {
    private BlobCacheTestData() {}

    /** {@code size} pseudo-random bytes; the same seed always gives the same bytes. */
    static InputStream stream(long size, long seed) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) {
                Objects.checkFromIndexSize(offset, length, bytes.length);
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(length, size - position);
                int i = 0;
                while (i < n) {
                    long p = position + i;
                    long word = mix(seed + (p >>> 3));
                    int shift = (int) (p & 7);
                    int take = Math.min(8 - shift, n - i);
                    for (int k = 0; k < take; k++) {
                        bytes[offset + i + k] = (byte) (word >>> ((shift + k) * 8));
                    }
                    i += take;
                }
                position += n;
                return n;
            }
        };
    }

    static byte[] bytes(int size, long seed) {
        try {
            return stream(size, seed).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sha256 of everything {@code in} delivers, read through a 64 KiB buffer. */
    static Digest digestOf(InputStream in) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            sha256.update(buffer, 0, n);
        }
        return new Digest(HexFormat.of().formatHex(sha256.digest()));
    }

    /** SplitMix64's finaliser: a fast, well-mixed function of a counter. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
