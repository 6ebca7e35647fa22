package dev.bootoperator.boot;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The facts of one HTTP request that boot decisions depend on, free of any server framework.
 * An adapter (a servlet, a Jetty handler, a test) builds one per request.
 *
 * @param method        the HTTP method, e.g. {@code GET}
 * @param rawPath       the request path as sent, still percent-encoded, without the query and without
 *                      the context or servlet path the adapter is mounted at
 * @param rawQuery      the query string as sent, or empty
 * @param remoteAddress the peer's IP address
 * @param headers       all values of a header by name (case-insensitive); an empty list when absent
 */
public record BootRequest(String method, String rawPath, String rawQuery, String remoteAddress,
                          Function<String, List<String>> headers) {

    public BootRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(headers, "headers");
    }

    /** A GET without headers, for tests and benchmarks. */
    public static BootRequest get(String rawPath, String remoteAddress) {
        return new BootRequest("GET", rawPath, "", remoteAddress, name -> List.of());
    }

    /** A request with these headers (names compared case-insensitively). */
    public static BootRequest of(String method, String rawPath, String remoteAddress, Map<String, List<String>> headers) {
        java.util.TreeMap<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return new BootRequest(method, rawPath, "", remoteAddress, name -> h.getOrDefault(name, List.of()));
    }

    /** All values of a header. */
    public List<String> header(String name) {
        List<String> v = headers.apply(name);
        return v == null ? List.of() : v;
    }
}
