package dev.bootoperator.oci;

import java.util.List;
import java.util.Locale;

/**
 * The part of a blob a request asks for, from its {@code Range} and {@code If-Range} headers (RFC 9110 §14).
 * One range is honoured; several ranges, another unit, or a malformed header are ignored and the whole blob is
 * sent, as the RFC allows. A range that starts past the end is {@link Unsatisfiable} (416).
 *
 * <pre>{@code
 * ByteRange range = ByteRange.of(request.header("Range"), request.header("If-Range"), "\"sha256:…\"", size);
 * }</pre>
 */
public sealed interface ByteRange {
    /** The longest Range header value considered; longer ones are ignored. */
    int MAX_HEADER_LENGTH = 256;

    /** The whole blob, status 200. */
    record Full(long size) implements ByteRange {
    }

    /** {@code [offset, offset + length)}, status 206 with {@code Content-Range}. */
    record Partial(long offset, long length, long size) implements ByteRange {
        /** {@code bytes first-last/size}. */
        public String contentRange() {
            return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
        }
    }

    /** A range that does not overlap the blob: status 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable(long size) implements ByteRange {
        public String contentRange() {
            return "bytes */" + size;
        }
    }

    /**
     * @param range   all values of the {@code Range} header
     * @param ifRange all values of the {@code If-Range} header; when present and not {@code etag}, the whole blob
     * @param etag    the blob's entity tag, quoted
     */
    static ByteRange of(List<String> range, List<String> ifRange, String etag, long size) {
        if (range.size() != 1 || !ifRange.isEmpty() && !(ifRange.size() == 1 && ifRange.get(0).trim().equals(etag))) {
            return new Full(size);
        }
        String value = range.get(0).trim();
        if (value.length() > MAX_HEADER_LENGTH || !value.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return new Full(size);
        }
        String spec = value.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return new Full(size);
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        try {
            if (first.isEmpty()) {
                long suffix = digits(last);
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable(size);
                }
                long length = Math.min(suffix, size);
                return new Partial(size - length, length, size);
            }
            long start = digits(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : digits(last);
            if (end < start) {
                return new Full(size);
            }
            if (start >= size) {
                return new Unsatisfiable(size);
            }
            long lastByte = Math.min(end, size - 1);
            return new Partial(start, lastByte - start + 1, size);
        } catch (NumberFormatException malformed) {
            return new Full(size);
        }
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
