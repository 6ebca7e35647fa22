package dev.bootoperator.servlet;

import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.boot.BootResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * Translates between the Servlet API and {@link BootRequest} / {@link BootResponse}; the whole of what a
 * servlet adapter does. Public so that other servlets and filters can reuse it.
 *
 * <pre>{@code
 * protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
 *     BootRequest request = BootRequests.of(req);
 *     BootResponse response = boot.handle(request);
 *     BootRequests.write(response, req, resp);
 * }
 * }</pre>
 */
public final class BootRequests {
    private BootRequests() {
    }

    /**
     * The facts of a servlet request. The path stays percent-encoded, as sent, and is taken relative to where
     * the servlet is mounted: the context path and, for a {@code /prefix/*} mapping, the prefix are removed by
     * counting segments, so that an encoded character in the prefix cannot shift the cut. The decoded
     * {@code getPathInfo()} is never used: it would turn {@code %2F} into a separator.
     */
    public static BootRequest of(HttpServletRequest req) {
        return new BootRequest(req.getMethod(), relativeRawPath(req), req.getQueryString(), req.getRemoteAddr(),
                name -> headerValues(req, name));
    }

    /**
     * Writes status, Content-Type, extra headers, Content-Length and, except for {@code HEAD}, the body.
     * Nothing else reaches the client: in particular no stack trace.
     */
    public static void write(BootResponse response, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(response.status());
        resp.setContentType(response.contentType());
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            resp.setHeader(header.getKey(), header.getValue());
        }
        resp.setContentLengthLong(response.body().length);
        if (!"HEAD".equalsIgnoreCase(req.getMethod())) {
            resp.getOutputStream().write(response.body());
        }
    }

    /** The still-encoded request path below the mount point; {@code /} at least. */
    static String relativeRawPath(HttpServletRequest req) {
        String uri = req.getRequestURI() == null ? "/" : req.getRequestURI();
        int mountSegments = segments(req.getContextPath());
        HttpServletMapping mapping = req.getHttpServletMapping();
        if (mapping != null && mapping.getMappingMatch() == MappingMatch.PATH) {
            String pattern = mapping.getPattern();
            mountSegments += segments(pattern.substring(0, pattern.length() - "/*".length()));
        }
        return stripSegments(uri, mountSegments);
    }

    /** Removes the first {@code count} segments of a path: {@code stripSegments("/a/b/c", 1)} is {@code /b/c}. */
    static String stripSegments(String rawPath, int count) {
        int cut = 0;
        for (int i = 0; i < count; i++) {
            int next = rawPath.indexOf('/', cut + 1);
            if (next < 0) {
                return "/";
            }
            cut = next;
        }
        String rest = rawPath.substring(cut);
        return rest.isEmpty() ? "/" : rest;
    }

    private static int segments(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < prefix.length(); i++) {
            if (prefix.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    private static List<String> headerValues(HttpServletRequest req, String name) {
        Enumeration<String> values = req.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }
}
