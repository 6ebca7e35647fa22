package dev.bootoperator.jetty;

import dev.bootoperator.boot.BootService;
import dev.bootoperator.config.BootResource;
import dev.bootoperator.event.LoggingBootEventListener;
import dev.bootoperator.ipxe.IpxeScripts;
import dev.bootoperator.servlet.BootServlet;
import dev.bootoperator.store.DirectoryBootConfigStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference boot server, running: Jetty 12 with {@link BootServlet} at {@code /*} and Prometheus metrics at
 * {@code /metrics}, serving the boot configs of a directory that is reloaded while running.
 *
 * <pre>{@code
 * try (BootServer server = BootServer.start(BootServerMain.parse(args, System.getenv()))) {
 *     System.out.println("listening on port " + server.port());
 *     server.join();
 * }
 * }</pre>
 */
public final class BootServer implements AutoCloseable {
    /** Larger request headers are refused with 431. */
    public static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    /** Connections idle this long are closed. */
    public static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** How long a stop waits for requests in flight. */
    public static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(BootServer.class);

    private final Server server;
    private final DirectoryBootConfigStore store;
    private final ListenAddress address;

    private BootServer(Server server, DirectoryBootConfigStore store, ListenAddress address) {
        this.server = server;
        this.store = store;
        this.address = address;
    }

    /**
     * Loads the config directory, binds the boot address and starts serving. Throws when the directory cannot be
     * read, the template is invalid or the address cannot be bound; nothing is left running then.
     */
    public static BootServer start(BootServerOptions options) throws Exception {
        IpxeScripts scripts = IpxeScripts.withBootTemplate(options.ipxeTemplate());
        DirectoryBootConfigStore store = DirectoryBootConfigStore.open(options.configDir());
        Server server = null;
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            BootService.Builder boot = BootService.builder(store)
                    .ipxeScripts(scripts)
                    .listener(new LoggingBootEventListener())
                    .listener(new MicrometerBootEventListener(registry));
            options.ipxeServiceUrl().ifPresent(boot::ipxeServiceUrl);
            options.defaultHttpBootUkiUrl().ifPresent(boot::defaultUkiUrl);

            server = jetty(options.bootServerAddress(), boot.build(), registry);
            try {
                server.start();
            } catch (IOException e) {
                throw new IOException("cannot listen on " + options.bootServerAddress() + ": " + BootServerMain.describe(e), e);
            }
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            BootServer running = new BootServer(server, store, options.bootServerAddress().withPort(port));
            running.logStartup(options);
            return running;
        } catch (Exception | Error e) {
            if (server != null) {
                stopQuietly(server);
            }
            store.close();
            throw e;
        }
    }

    private static Server jetty(ListenAddress address, BootService boot, PrometheusMeterRegistry registry) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("boot-http");
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.host().isEmpty() ? null : address.host());
        connector.setPort(address.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("boot", new BootServlet(boot)), "/*");
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(registry)), "/metrics");
        org.eclipse.jetty.ee10.servlet.ErrorHandler contextErrors = new org.eclipse.jetty.ee10.servlet.ErrorHandler();
        contextErrors.setShowStacks(false);
        contextErrors.setShowCauses(false);
        context.setErrorHandler(contextErrors);

        ErrorHandler serverErrors = new ErrorHandler();
        serverErrors.setShowStacks(false);
        serverErrors.setShowCauses(false);
        server.setErrorHandler(serverErrors);
        server.setHandler(new GracefulHandler(context));
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(true);
        return server;
    }

    /** The port the boot endpoints listen on (the bound one when the address asked for port 0). */
    public int port() {
        return address.port();
    }

    /** A URL of this server for clients on this host. */
    public URI uri() {
        return URI.create("http://" + CurlHints.clientHost(address) + ":" + address.port());
    }

    /** Blocks until the server stops, e.g. on SIGTERM. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving (waiting up to {@link #STOP_TIMEOUT_MILLIS} for requests in flight) and stops the reload. */
    @Override
    public void close() {
        stopQuietly(server);
        store.close();
        LOG.info("boot server on {} stopped", address);
    }

    private void logStartup(BootServerOptions options) {
        Map<String, Integer> counts = new TreeMap<>();
        for (BootResource r : store.all()) {
            counts.merge(r.kind(), 1, Integer::sum);
        }
        LOG.info("boot server listening on http://{} (config dir {}: {})", address, store.directory(),
                counts.isEmpty() ? "no manifests yet" : counts);
        if (options.ipxeServiceUrl().isPresent()) {
            LOG.info("iPXE service URL {}", options.ipxeServiceUrl().get());
        } else {
            LOG.info("iPXE disabled: set --ipxe-service-url or ${}; /ipxe answers 503",
                    BootServerOptions.IPXE_SERVER_ADDRESS_ENV);
        }
        List<String> deferred = options.imageProxy().flagsNotInEffect();
        if (!deferred.isEmpty()) {
            LOG.info("not in effect yet (image proxy not enabled in this build): {}", String.join(" ", deferred));
        }
        for (String hint : CurlHints.of(store.all(), uri().toString(), options.ipxeServiceUrl().isPresent())) {
            LOG.info("try: {}", hint);
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the boot server: {}", e.toString());
        }
    }
}
