package dev.bootoperator.jetty;

import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.boot.BootResponse;
import dev.bootoperator.boot.BootService;
import dev.bootoperator.servlet.BootServlets;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The boot endpoints as a plain Jetty handler, in front of the servlet contexts: a {@code /ipxe/{uuid}} answer
 * then costs no servlet request, response or dispatch (docs/benchmarks.md, "Where the server's time goes"). It
 * answers as {@code BootServlet} does, byte for byte, and leaves to the servlet contexts behind it everything it
 * does not own: {@code /metrics}, the image proxy's paths, and any URI Jetty finds ambiguous or in violation, which
 * the servlet layer rejects as before.
 */
final class JettyBootHandler extends Handler.Abstract {
    private final BootService boot;

    JettyBootHandler(BootService boot) {
        this.boot = boot;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (path == null || uri.isAmbiguous() || uri.hasViolations() || path.equals("/metrics")
                || BootServlets.isImageProxyPath(path)) {
            return false;
        }
        String method = request.getMethod();
        BootResponse answer = boot.handle(new BootRequest(method, path, uri.getQuery(), Request.getRemoteAddr(request),
                name -> request.getHeaders().getValuesList(name)));
        response.setStatus(answer.status());
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, servletContentType(answer.contentType()));
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            headers.put(header.getKey(), header.getValue());
        }
        headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        if ("HEAD".equalsIgnoreCase(method)) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
        return true;
    }

    /** The Content-Type as Jetty's servlet response writes it ({@code text/plain;charset=utf-8}): the same bytes. */
    static String servletContentType(String contentType) {
        return contentType.replace("; charset=", ";charset=");
    }
}
