package dev.bootoperator.ignition;

import java.nio.charset.StandardCharsets;

/**
 * systemd's path escaping for unit names ({@code systemd-escape --path}, go-systemd's
 * {@code UnitNamePathEscape}): slashes collapse to {@code -}, leading and trailing slashes go, and bytes
 * outside {@code [:_.a-zA-Z0-9]} (and a leading dot) become {@code \xNN}. {@code /var/lib/data} →
 * {@code var-lib-data}, {@code /} → {@code -}.
 */
final class SystemdEscape {
    private static final String ALLOWED = ":_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private SystemdEscape() {
    }

    static String path(String unescaped) {
        byte[] bytes = unescaped.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        boolean inSlashes = false;
        boolean start = true;
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '/') {
                inSlashes = true;
                continue;
            } else if (inSlashes) {
                inSlashes = false;
                if (!start) {
                    out.append('-');
                }
            }
            if ((start && c == '.') || ALLOWED.indexOf(c) < 0) {
                out.append("\\x").append(Integer.toHexString(c));
            } else {
                out.append((char) c);
            }
            start = false;
        }
        return out.length() == 0 ? "-" : out.toString();
    }
}
