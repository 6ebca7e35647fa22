package dev.bootoperator.war;

import dev.bootoperator.servlet.BootServlets;
import dev.bootoperator.servlet.BootSettings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures the WAR when the container deploys it (declared in {@code WEB-INF/web.xml}), and stops everything it started when it undeploys. Settings
 * ({@link BootSettings}) come, in this order of precedence, from servlet context init parameters, environment
 * variables, and a properties file named by {@code BOOT_CONFIG_FILE}. Every endpoint is served under the context
 * path: {@code /ipxe}, {@code /httpboot}, {@code /ignition}, {@code /image}, {@code /httpboot/…/….efi}.
 *
 * <p>A missing or bad setting is logged at deploy time, and every request is then answered 503 with the reason,
 * instead of failing later.
 */
public class BootWebApp implements ServletContextListener {
    private static final Logger LOG = LoggerFactory.getLogger(BootWebApp.class);

    private BootServlets servlets;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        HttpServlet servlet;
        try {
            servlets = BootSettings.builder(settings(context)).build();
            servlet = servlets.dispatcherServlet();
            LOG.info("boot endpoints and image proxy deployed at {}/ (config dir {})", context.getContextPath(),
                    servlets.store());
            if (servlets.bootService().trustedProxies().trustsEveryone()) {
                LOG.warn("X-Forwarded-For is believed from any host, as upstream does, so any host can claim a machine's"
                        + " IP; set BOOT_TRUSTED_PROXIES to the DHCP relay or load balancer in front of this server");
            }
        } catch (IOException | RuntimeException e) {
            String reason = "boot server not configured: " + e.getMessage();
            LOG.error("{} (context {}); every request answers 503", reason, context.getContextPath());
            context.log(reason);
            servlet = new Unavailable(reason);
        }
        ServletRegistration.Dynamic registration = context.addServlet("boot", servlet);
        registration.addMapping("/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (servlets != null) {
            servlets.close();
            servlets = null;
        }
    }

    /** Init parameters, then the environment, then {@code BOOT_CONFIG_FILE}. */
    static Function<String, String> settings(ServletContext context) throws IOException {
        List<Function<String, String>> sources = new ArrayList<>();
        sources.add(context::getInitParameter);
        sources.add(System::getenv);
        String file = BootSettings.firstOf(sources).apply(BootSettings.CONFIG_FILE);
        if (file != null) {
            try {
                sources.add(BootSettings.propertiesFile(Path.of(file)));
            } catch (IOException e) {
                throw new IOException(BootSettings.CONFIG_FILE + "=" + file + " cannot be read: " + e.getMessage(), e);
            }
        }
        return BootSettings.firstOf(sources);
    }

    /** Answers every request with 503 and the configuration error. */
    static final class Unavailable extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Unavailable(String reason) {
            this.reason = reason;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
            resp.setStatus(503);
            resp.setContentType("text/plain; charset=utf-8");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
