package dev.bootoperator.servlet;

import dev.bootoperator.boot.BootService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves the boot endpoints ({@code /ipxe}, {@code /ipxe/{uuid}}, {@code /httpboot}, {@code /ignition/{uuid}},
 * {@code /healthz}, {@code /readyz}) from any Servlet 6.0 container. It only translates: every decision,
 * including 400, 404 and 405 answers, is made by {@link BootService}. Paths are resolved relative to where the
 * servlet is mounted, so {@code /boot/x/ipxe} reaches {@code /ipxe} when mounted at context {@code /boot},
 * mapping {@code /x/*}.
 *
 * <pre>{@code
 * BootService boot = BootService.builder(store).ipxeServiceUrl("http://10.0.0.1:8082").build();
 * ServletContextHandler context = new ServletContextHandler("/");
 * context.addServlet(new ServletHolder(new BootServlet(boot)), "/*");
 * server.setHandler(context);
 * server.start();
 * }</pre>
 */
public class BootServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient BootService boot;

    public BootServlet(BootService boot) {
        this.boot = Objects.requireNonNull(boot, "boot");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        BootRequests.write(boot.handle(BootRequests.of(req)), req, resp);
    }
}
