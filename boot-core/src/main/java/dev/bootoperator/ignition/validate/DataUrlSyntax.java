package dev.bootoperator.ignition.validate;

import java.util.Base64;
import java.util.Optional;

/**
 * Whether a {@code data:} URL decodes with the strict RFC 2397 reader Ignition uses
 * ({@code vincent-petithory/dataurl}): a media type {@code type/subtype} whose type is a known discrete or
 * composite type or an {@code x-} token, token parameters (or quoted ASCII strings), {@code ;base64} last, and then
 * only URL characters (percent escapes well formed) or padded standard base64 (newlines allowed). Plain text and
 * most punctuation are fine; spaces, quotes, {@code #} and non-ASCII characters are not.
 */
final class DataUrlSyntax {
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";
    private static final String NOT_URL_CHARS = " <>#\"{}|\\^[]`";

    private DataUrlSyntax() {}

    /** The reader's complaint, or empty if the URL decodes. */
    static Optional<String> check(String s) {
        if (!s.startsWith("data:")) {
            return Optional.of("missing data prefix");
        }
        int comma = findDataComma(s);
        if (comma < 0) {
            return Optional.of("missing comma before data");
        }
        Optional<String> header = checkHeader(s.substring(5, comma));
        if (header.isPresent()) {
            return header;
        }
        boolean base64 = s.substring(5, comma).endsWith(";base64");
        return base64 ? checkBase64(s.substring(comma + 1)) : checkText(s.substring(comma + 1));
    }

    /** The comma that ends the header: the first one outside a quoted parameter value. */
    private static int findDataComma(String s) {
        boolean quoted = false;
        for (int i = 5; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> checkHeader(String header) {
        if (header.isEmpty() || header.startsWith(";")) {
            return checkParams(header);
        }
        int semi = header.indexOf(';');
        String mediaType = semi < 0 ? header : header.substring(0, semi);
        int slash = mediaType.indexOf('/');
        if (slash < 0) {
            return Optional.of("missing media type slash");
        }
        String type = mediaType.substring(0, slash);
        String subtype = mediaType.substring(slash + 1);
        if (!allTokens(type)) {
            return Optional.of("invalid character for media type");
        }
        boolean xToken = type.length() >= 2 && (type.charAt(0) == 'x' || type.charAt(0) == 'X') && type.charAt(1) == '-';
        if (!xToken && !knownType(type)) {
            return Optional.of("invalid media type");
        }
        if (!subtype.isEmpty() && !allTokens(subtype)) {
            return Optional.of("invalid character for media subtype");
        }
        return semi < 0 ? Optional.empty() : checkParams(header.substring(semi));
    }

    /** Parameters, each {@code ;attr=value}; a trailing {@code ;base64} is the encoding. */
    private static Optional<String> checkParams(String params) {
        int i = 0;
        while (i < params.length()) {
            // params.charAt(i) == ';'
            int start = ++i;
            while (i < params.length() && params.charAt(i) != '=' && params.charAt(i) != ';') {
                if (!isToken(params.charAt(i))) {
                    return Optional.of("invalid character for parameter attribute");
                }
                i++;
            }
            if (i == start) {
                return Optional.of("unterminated parameter sequence");
            }
            if (i == params.length()) {
                String attr = params.substring(start);
                return attr.equals("base64") ? Optional.empty() : Optional.of("expected base64, got " + attr);
            }
            if (params.charAt(i) == ';') {
                return Optional.of("invalid character for parameter attribute");
            }
            i++; // '='
            if (i < params.length() && params.charAt(i) == '"') {
                int close = i + 1;
                while (close < params.length() && params.charAt(close) != '"') {
                    if (params.charAt(close) > 0x7f) {
                        return Optional.of("invalid character for parameter value");
                    }
                    close += params.charAt(close) == '\\' ? 2 : 1;
                }
                if (close >= params.length()) {
                    return Optional.of("unclosed quoted string");
                }
                if (!goUnquotes(params.substring(i + 1, close))) {
                    return Optional.of("invalid syntax");
                }
                i = close + 1;
            } else {
                int valueStart = i;
                while (i < params.length() && params.charAt(i) != ';') {
                    if (!isToken(params.charAt(i))) {
                        return Optional.of("invalid character for parameter value");
                    }
                    i++;
                }
                if (i == valueStart) {
                    return Optional.of("invalid character for parameter value");
                }
                Optional<String> escape = unescapeError(params.substring(valueStart, i));
                if (escape.isPresent()) {
                    return escape;
                }
            }
            if (i < params.length() && params.charAt(i) != ';') {
                return Optional.of("expected semicolon or comma");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkText(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c > 0x7f || c < 0x20 || c == 0x7f || NOT_URL_CHARS.indexOf(c) >= 0) {
                return Optional.of("invalid data character");
            }
        }
        return unescapeError(data);
    }

    private static Optional<String> checkBase64(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '\n';
            if (!ok) {
                return Optional.of("invalid data character");
            }
        }
        // Go's StdEncoding skips newlines, wants padding to a multiple of four, and nothing after it.
        String compact = data.replace("\n", "");
        if (compact.length() % 4 != 0) {
            return Optional.of("illegal base64 data");
        }
        try {
            Base64.getDecoder().decode(compact);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("illegal base64 data");
        }
    }

    /** Whether Go's {@code strconv.Unquote} takes the text between double quotes: only Go's escapes. */
    private static boolean goUnquotes(String quoted) {
        for (int i = 0; i < quoted.length(); i++) {
            if (quoted.charAt(i) != '\\') {
                continue;
            }
            if (++i >= quoted.length()) {
                return false;
            }
            char c = quoted.charAt(i);
            if ("abfnrtv\\\"".indexOf(c) >= 0) {
                continue;
            }
            int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : c >= '0' && c <= '7' ? 3 : -1;
            if (digits < 0) {
                return false;
            }
            int start = c >= '0' && c <= '7' ? i : i + 1;
            int radix = c >= '0' && c <= '7' ? 8 : 16;
            if (start + digits > quoted.length()) {
                return false;
            }
            long value = 0;
            for (int k = start; k < start + digits; k++) {
                int d = Character.digit(quoted.charAt(k), radix);
                if (d < 0 || quoted.charAt(k) > 0x7f) {
                    return false;
                }
                value = value * radix + d;
            }
            boolean validRune = value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff);
            if ((radix == 8 && value > 255) || ((c == 'u' || c == 'U') && !validRune)) {
                return false;
            }
            i = start + digits - 1;
        }
        return true;
    }

    /** The complaint of the reader's RFC 2396 unescaping (which always names the {@code %} it started at). */
    private static Optional<String> unescapeError(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '%') {
                for (int k = 1; k <= 2; k++) {
                    if (i + k >= s.length()) {
                        return Optional.of("rfc2396: unexpected end of unescape sequence");
                    }
                    if (Character.digit(s.charAt(i + k), 16) < 0 || s.charAt(i + k) > 0x7f) {
                        return Optional.of("rfc2396: invalid char 0x25 in unescape sequence");
                    }
                }
                i += 2;
            }
        }
        return Optional.empty();
    }

    private static boolean allTokens(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> isToken((char) c));
    }

    private static boolean isToken(char c) {
        return c > 0x20 && c < 0x7f && TSPECIALS.indexOf(c) < 0;
    }

    private static boolean knownType(String type) {
        for (String known : new String[] {"text", "image", "audio", "video", "application", "message", "multipart"}) {
            if (type.startsWith(known)) {
                return true;
            }
        }
        return false;
    }
}
