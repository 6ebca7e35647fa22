package dev.bootoperator.ignition;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Builds the {@code data:} URLs butane emits for inline contents without auto-compression: the shorter of
 * percent-encoding (every byte outside RFC 2396's unreserved set {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} as
 * {@code %XX}) and base64, percent-encoding on a tie. {@code "hello world\n"} → {@code data:,hello%20world%0A}.
 */
final class DataUrls {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DataUrls() {
    }

    static String of(String contents) {
        return of(contents.getBytes(StandardCharsets.UTF_8));
    }

    static String of(byte[] contents) {
        String escaped = "," + escape(contents);
        String base64 = ";base64," + Base64.getEncoder().encodeToString(contents);
        return "data:" + (base64.length() < escaped.length() ? base64 : escaped);
    }

    /** fcos 1.0 (base 0.1) always percent-encodes. */
    static String escaped(String contents) {
        return "data:," + escape(contents.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(byte[] bytes) {
        StringBuilder url = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.!~*'()".indexOf(c) >= 0) {
                url.append((char) c);
            } else {
                url.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return url.toString();
    }
}
