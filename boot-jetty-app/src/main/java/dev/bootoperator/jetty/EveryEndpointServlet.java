package dev.bootoperator.jetty;

import dev.bootoperator.servlet.BootServlets;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What both ports serve: the image proxy's paths ({@link BootServlets#isImageProxyPath}) to the image proxy, everything
 * else to the boot endpoints. Upstream registers every handler on one mux that both of its servers use, so
 * {@code ${ipxe-service-url}/image?…} kernel URLs (which the ServerBootConfiguration controller writes) work on the
 * boot port, and {@code /ipxe} works on the image port.
 */
final class EveryEndpointServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final HttpServlet boot;
    private final HttpServlet images;

    EveryEndpointServlet(HttpServlet boot, HttpServlet images) {
        this.boot = boot;
        this.images = images;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        (BootServlets.isImageProxyPath(path) ? images : boot).service(req, resp);
    }
}
