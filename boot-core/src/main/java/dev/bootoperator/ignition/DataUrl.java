package dev.bootoperator.ignition;

import java.nio.charset.StandardCharsets;

/**
 * Builds the uncompressed {@code data:} URLs Butane emits for {@code inline} contents: {@code data:,} followed
 * by the UTF-8 bytes with every byte outside RFC 2396's unreserved set ({@code A-Z a-z 0-9 - _ . ! ~ * ' ( )})
 * written as {@code %XX}, so {@code "hello world\n"} becomes {@code data:,hello%20world%0A}.
 */
final class DataUrl {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DataUrl() {
    }

    static String of(String contents) {
        byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
        StringBuilder url = new StringBuilder(6 + bytes.length * 3).append("data:,");
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                url.append((char) c);
            } else {
                url.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return url.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-_.!~*'()".indexOf(c) >= 0;
    }
}
