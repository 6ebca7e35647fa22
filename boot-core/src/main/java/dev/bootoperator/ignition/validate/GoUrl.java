package dev.bootoperator.ignition.validate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a URL that Ignition's rules look at, parsed with the checks of Go's {@code net/url.Parse}: control
 * bytes, the scheme, the first segment of a scheme-less URL, userinfo, host and port characters, and percent
 * escapes in host, path and fragment. A string that Go refuses parses to {@link Optional#empty()}.
 *
 * @param scheme lower-cased, {@code ""} if there is none
 * @param opaque what follows {@code scheme:} when it does not start with a slash (e.g. an ARN's body)
 * @param rawQuery the text after the first {@code ?}, without the fragment
 */
record GoUrl(String scheme, String opaque, String rawQuery) {

    static Optional<GoUrl> parse(String raw) {
        int hash = raw.indexOf('#');
        String main = hash < 0 ? raw : raw.substring(0, hash);
        if (hash >= 0 && !unescapes(raw.substring(hash + 1), false)) {
            return Optional.empty();
        }
        for (int i = 0; i < main.length(); i++) {
            char c = main.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.empty();
            }
        }
        String scheme = "";
        String rest = main;
        for (int i = 0; i < main.length(); i++) {
            char c = main.charAt(i);
            if (isLetter(c)) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    return Optional.empty(); // missing protocol scheme
                }
                scheme = main.substring(0, i).toLowerCase(Locale.ROOT);
                rest = main.substring(i + 1);
            }
            break;
        }
        String query = "";
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else {
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return Optional.of(new GoUrl(scheme, rest, query));
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).contains(":")) {
                return Optional.empty(); // first path segment in URL cannot contain colon
            }
        }
        String path = rest;
        if (rest.startsWith("//") && (!scheme.isEmpty() || !rest.startsWith("///"))) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            path = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            if (!validAuthority(authority)) {
                return Optional.empty();
            }
        }
        return unescapes(path, false) ? Optional.of(new GoUrl(scheme, "", query)) : Optional.empty();
    }

    /** The first value of a query parameter, as Go's {@code url.Values.Get} after {@code ParseQuery}. */
    Optional<String> queryParam(String name) {
        if (rawQuery.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.contains(";")) {
                continue;
            }
            int eq = pair.indexOf('=');
            Optional<String> key = queryUnescape(eq < 0 ? pair : pair.substring(0, eq));
            Optional<String> value = queryUnescape(eq < 0 ? "" : pair.substring(eq + 1));
            if (key.isPresent() && value.isPresent() && key.get().equals(name)) {
                return value;
            }
        }
        return Optional.empty();
    }

    private static boolean validAuthority(String authority) {
        int at = authority.lastIndexOf('@');
        String host = at < 0 ? authority : authority.substring(at + 1);
        if (!validHost(host)) {
            return false;
        }
        if (at < 0) {
            return true;
        }
        String userinfo = authority.substring(0, at);
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            if (!(isLetter(c) || (c >= '0' && c <= '9') || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0)) {
                return false;
            }
        }
        return unescapes(userinfo, false);
    }

    private static boolean validHost(String host) {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0 || !validOptionalPort(host.substring(close + 1))) {
                return false;
            }
            // Go unescapes the zone separately; the address itself is checked as a host
            int zone = host.substring(0, close).indexOf("%25");
            String address = zone < 0 ? host : host.substring(0, zone) + host.substring(close);
            return unescapes(address, true) && (zone < 0 || unescapes(host.substring(zone + 3, close), false));
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
            return false;
        }
        return unescapes(host, true);
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        return port.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Go's {@code unescape} error checks: well-formed percent escapes; in a host, only host characters. */
    private static boolean unescapes(String s, boolean host) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                if (host && Character.digit(s.charAt(i + 1), 16) < 8 && !s.startsWith("%25", i)) {
                    return false;
                }
                i += 2;
            } else if (host && c < 0x80 && !isHostChar(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostChar(char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) >= 0;
    }

    private static Optional<String> queryUnescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                if (i + 2 >= bytes.length || !isHex((char) bytes[i + 1]) || !isHex((char) bytes[i + 2])) {
                    return Optional.empty();
                }
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(b == '+' ? ' ' : b);
            }
        }
        return Optional.of(out.toString(StandardCharsets.UTF_8));
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
