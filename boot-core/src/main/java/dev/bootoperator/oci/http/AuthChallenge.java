package dev.bootoperator.oci.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 §11.6.1): a scheme and its parameters, parsed
 * leniently. Parameter names are case-insensitive; quoted values may contain commas and escaped quotes.
 *
 * <pre>{@code
 * AuthChallenge.parse("Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:a/b:pull\"")
 *     // [AuthChallenge[scheme=Bearer, params={realm=https://ghcr.io/token, service=ghcr.io, scope=repository:a/b:pull}]]
 * }</pre>
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    public AuthChallenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Whether this challenge is of {@code scheme}, ignoring case. */
    public boolean is(String scheme) {
        return this.scheme.equalsIgnoreCase(scheme);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** All challenges of all given header values, in order; unparseable parts are skipped. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return List.copyOf(all);
    }

    /** The challenges of one header value, which may hold several ({@code Bearer realm="a", Basic realm="b"}). */
    public static List<AuthChallenge> parse(String headerValue) {
        return new Parser(headerValue).challenges();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        List<AuthChallenge> challenges() {
            List<AuthChallenge> result = new ArrayList<>();
            while (true) {
                skipSeparators();
                if (pos >= s.length()) {
                    return result;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    pos++; // not a token character: skip it and try again
                    continue;
                }
                Map<String, String> params = new LinkedHashMap<>();
                while (true) {
                    skipSpaces();
                    int mark = pos;
                    String name = token();
                    skipSpaces();
                    if (name.isEmpty() || pos >= s.length() || s.charAt(pos) != '=') {
                        pos = mark; // the next challenge's scheme, or the end
                        break;
                    }
                    pos++;
                    skipSpaces();
                    params.put(name.toLowerCase(Locale.ROOT), value());
                    skipSpaces();
                    if (pos < s.length() && s.charAt(pos) == ',') {
                        pos++;
                    } else {
                        break;
                    }
                }
                result.add(new AuthChallenge(scheme, params));
            }
        }

        private String value() {
            if (pos < s.length() && s.charAt(pos) == '"') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (pos < s.length()) {
                    char c = s.charAt(pos++);
                    if (c == '\\' && pos < s.length()) {
                        sb.append(s.charAt(pos++));
                    } else if (c == '"') {
                        return sb.toString();
                    } else {
                        sb.append(c);
                    }
                }
                return sb.toString(); // unterminated: take the rest
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void skipSeparators() {
            while (pos < s.length() && (Character.isWhitespace(s.charAt(pos)) || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        private static boolean isTokenChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
