package dev.bootoperator.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Canonical forms of the identifiers a machine is known by, so that lookups are plain hash lookups.
 * MAC addresses in any common notation ({@code AA-BB-CC-DD-EE-FF}, {@code aabb.ccdd.eeff},
 * {@code aa:bb:cc:dd:ee:ff}, {@code aabbccddeeff}) become {@code aa:bb:cc:dd:ee:ff}; UUIDs and other
 * identifiers are lower-cased.
 */
public final class NetworkIdentifiers {
    private static final Pattern MAC_SEPARATED = Pattern.compile("(?i)[0-9a-f]{2}([:-])[0-9a-f]{2}(\\1[0-9a-f]{2}){4}");
    private static final Pattern MAC_DOTTED = Pattern.compile("(?i)[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern MAC_BARE = Pattern.compile("(?i)[0-9a-f]{12}");

    private NetworkIdentifiers() {
    }

    /** The canonical MAC ({@code aa:bb:cc:dd:ee:ff}) when the input is a MAC address in a known notation. */
    public static Optional<String> mac(String value) {
        String v = value.trim();
        if (MAC_SEPARATED.matcher(v).matches() || MAC_DOTTED.matcher(v).matches() || MAC_BARE.matcher(v).matches()) {
            String hex = v.replaceAll("[:.\\-]", "").toLowerCase(Locale.ROOT);
            StringBuilder sb = new StringBuilder(17);
            for (int i = 0; i < 12; i += 2) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(hex, i, i + 2);
            }
            return Optional.of(sb.toString());
        }
        return Optional.empty();
    }

    /** The canonical form of an IP address or MAC address, for use as an index key. */
    public static String canonical(String value) {
        return mac(value).orElseGet(() -> ipv6(value.trim()).orElseGet(() -> value.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * One textual form per IPv6 address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are equal; an IPv4-mapped
     * address becomes the IPv4 address). Only literals are parsed: a string with a colon is never looked up
     * in DNS.
     */
    private static Optional<String> ipv6(String value) {
        String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        int zone = v.indexOf('%');
        if (zone >= 0) {
            v = v.substring(0, zone);
        }
        if (v.indexOf(':') < 0 || !IPV6_CHARS.matcher(v).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.net.InetAddress.getByName(v).getHostAddress().toLowerCase(Locale.ROOT));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The canonical form of a system UUID: trimmed and lower-cased, so that lookups ignore case. */
    public static String uuid(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
