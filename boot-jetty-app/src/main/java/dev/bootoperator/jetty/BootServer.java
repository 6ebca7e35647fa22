package dev.bootoperator.jetty;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.event.LoggingBootEventListener;
import dev.bootoperator.oci.BlobCacheStats;
import dev.bootoperator.oci.DockerConfigCredentials;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.LayerDescriptor;
import dev.bootoperator.oci.ResolvedImage;
import dev.bootoperator.servlet.BootServlets;
import dev.bootoperator.store.DirectoryBootConfigStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference boot server, running: Jetty 12 with {@link BootServlet} at {@code /*} and Prometheus metrics at
 * {@code /metrics} on the boot port, serving the boot configs of a directory that is reloaded while running, and
 * the image proxy on its own port, serving OS layers through the verified blob cache; all built by
 * {@link BootServlets}.
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
    private final BootServlets servlets;
    private final TlsReloader tls;
    private final Path configDir;
    private final ListenAddress address;
    private final ListenAddress imageAddress;
    private final String scheme;

    /** The servlets this server answers with; for tests that compare the plain handler with them. */
    BootServlets servlets() {
        return servlets;
    }

    private BootServer(Server server, BootServlets servlets, TlsReloader tls, Path configDir, ListenAddress address,
            ListenAddress imageAddress, String scheme) {
        this.server = server;
        this.servlets = servlets;
        this.tls = tls;
        this.configDir = configDir;
        this.address = address;
        this.imageAddress = imageAddress;
        this.scheme = scheme;
    }

    /**
     * Loads the config directory, opens the image cache, binds the boot and image-proxy addresses and starts
     * serving; then prefetches the {@code --prefetch} images in the background. Throws when the directory or
     * cache cannot be read, the template is invalid or an address cannot be bound; nothing is left running then.
     */
    public static BootServer start(BootServerOptions options) throws Exception {
        return start(options, builder -> { });
    }

    /**
     * As {@link #start(BootServerOptions)}, with a last word on the servlets: {@code customizer} runs after the
     * options are applied and before {@link BootServlets.Builder#build()}. An embedder that serves from its own
     * store calls {@link BootServlets.Builder#store store(...)} there, which replaces the config directory (it is
     * then never opened), and may add a {@link BootServlets.Builder#selector selector} and listeners; the
     * Kubernetes operator serves its informer caches this way.
     *
     * <pre>{@code
     * BootServer.start(options, servlets -> servlets.store(informerStore).selector(selector).listener(recorder));
     * }</pre>
     */
    public static BootServer start(BootServerOptions options, Consumer<BootServlets.Builder> customizer)
            throws Exception {
        return start(options, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), customizer);
    }

    /**
     * As {@link #start(BootServerOptions, Consumer)}, with the request, cache and JVM metrics in {@code registry},
     * which the boot port's {@code /metrics} also serves; an embedder with its own registry (the operator's
     * {@code --metrics-bind-address}) passes it here. The registry stays open when the server closes.
     */
    public static BootServer start(BootServerOptions options, PrometheusMeterRegistry registry,
            Consumer<BootServlets.Builder> customizer) throws Exception {
        BootServerOptions.ImageProxyOptions images = options.imageProxy();
        MicrometerBootEventListener metrics = new MicrometerBootEventListener(registry);
        BootServlets.Builder builder = BootServlets.builder()
                .configDirectory(options.configDir())
                .ipxeTemplate(options.ipxeTemplate().orElse(null))
                .ipxeServiceUrl(options.ipxeServiceUrl().orElse(null))
                .imageServerUrl(images.imageServerUrl().orElse(null))
                .registryPolicy(images.policy())
                .registryCredentials(images.registryConfig().isPresent()
                        ? DockerConfigCredentials.load(images.registryConfig().get()) : DockerConfigCredentials.none())
                .architecture(images.architecture())
                .registryReadTimeout(images.registryReadTimeout())
                .imageCache(images.cacheDir(), images.cacheMaxBytes())
                .listener(new LoggingBootEventListener())
                .listener(metrics)
                .trustedProxies(options.machineIdentity().trustedProxies())
                .ignitionSourceCheck(options.machineIdentity().ignitionSourceCheck())
                .butaneStrict(options.butaneStrict())
                .ignitionUrlSigner(options.machineIdentity().ignitionUrlSigner().orElse(null));
        if (images.defaultHttpBootOciImage().isPresent()) {
            ImageReference image = images.defaultHttpBootOciImage().get();
            options.defaultHttpBootUkiUrl().ifPresent(url -> LOG.info(
                    "default UKI: --default-httpboot-oci-image {} wins over --default-httpboot-uki-url {}", image, url));
            builder.defaultUkiImage(image);
        } else {
            builder.defaultUkiUrl(options.defaultHttpBootUkiUrl().orElse(null));
        }
        customizer.accept(builder);
        BootServlets servlets = builder.build();
        Server server = null;
        TlsReloader tls = null;
        try {
            BootServerOptions.Transport transport = options.transport();
            if (transport.tls()) {
                tls = new TlsReloader(transport.tlsCertFile().get(), transport.tlsKeyFile().get());
            }
            BlobCacheMetrics.register(servlets.imageCache(), registry);
            server = jetty(options.bootServerAddress(), images.address(), servlets, registry,
                    tls == null ? null : tls.sslContextFactory(), transport.http2());
            try {
                server.start();
            } catch (IOException e) {
                throw new IOException("cannot listen on " + options.bootServerAddress() + " (boot) and "
                        + images.address() + " (image proxy): " + FlagChecks.describe(e), e);
            }
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            int imagePort = ((ServerConnector) server.getConnectors()[1]).getLocalPort();
            BootServer running = new BootServer(server, servlets, tls, options.configDir(),
                    options.bootServerAddress().withPort(port), images.address().withPort(imagePort),
                    transport.tls() ? "https" : "http");
            running.logStartup(options);
            running.prefetchInBackground(images.prefetch());
            return running;
        } catch (Exception | Error e) {
            if (server != null) {
                stopQuietly(server);
            }
            if (tls != null) {
                tls.close();
            }
            servlets.close();
            throw e;
        }
    }

    private static Server jetty(ListenAddress address, ListenAddress imageAddress, BootServlets servlets,
            PrometheusMeterRegistry registry, SslContextFactory.Server ssl, boolean http2) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("boot-http");
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        server.addConnector(connector(server, http, address, "boot", ssl, http2));
        server.addConnector(connector(server, http, imageAddress, "image", ssl, http2));

        // Both ports serve every endpoint, as upstream's servers share one mux; /metrics only on the boot port.
        EveryEndpointServlet endpoints = new EveryEndpointServlet(servlets.bootServlet(),
                new JettyImageProxyServlet(servlets.imageProxy()));
        ServletContextHandler bootContext = context("boot");
        bootContext.addServlet(new ServletHolder("boot", endpoints), "/*");
        bootContext.addServlet(new ServletHolder("metrics", new MetricsServlet(registry)), "/metrics");
        ServletContextHandler imageContext = context("image");
        imageContext.addServlet(new ServletHolder("image-proxy", endpoints), "/*");

        ErrorHandler serverErrors = new ErrorHandler();
        serverErrors.setShowStacks(false);
        serverErrors.setShowCauses(false);
        server.setErrorHandler(serverErrors);
        // The boot endpoints first as a plain handler; the contexts answer what it leaves (metrics, images, odd URIs).
        server.setHandler(new GracefulHandler(new org.eclipse.jetty.server.Handler.Sequence(
                new JettyBootHandler(servlets.bootService()), new ContextHandlerCollection(bootContext, imageContext))));
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(true);
        return server;
    }

    private static ServerConnector connector(Server server, HttpConfiguration template, ListenAddress address, String name,
            SslContextFactory.Server ssl, boolean http2) {
        HttpConfiguration http = new HttpConfiguration(template);
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        ServerConnector connector;
        if (ssl != null) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // machines reach the server by IP
            http.addCustomizer(secure);
            if (http2) {
                ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
                alpn.setDefaultProtocol(h1.getProtocol());
                connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                        new HTTP2ServerConnectionFactory(http), h1);
            } else {
                connector = new ServerConnector(server, new SslConnectionFactory(ssl, h1.getProtocol()), h1);
            }
        } else if (http2) {
            connector = new ServerConnector(server, h1, new HTTP2CServerConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, h1);
        }
        connector.setName(name);
        connector.setHost(address.host().isEmpty() ? null : address.host());
        connector.setPort(address.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        return connector;
    }

    /** A root context that only answers on the connector named {@code connector}. */
    private static ServletContextHandler context(String connector) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.setVirtualHosts(List.of("@" + connector));
        org.eclipse.jetty.ee10.servlet.ErrorHandler errors = new org.eclipse.jetty.ee10.servlet.ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        context.setErrorHandler(errors);
        return context;
    }

    private void prefetchInBackground(List<ImageReference> images) {
        if (images.isEmpty()) {
            return;
        }
        Thread prefetch = new Thread(() -> {
            for (ImageReference image : images) {
                long start = System.nanoTime();
                try {
                    ResolvedImage resolved = servlets.imageProxy().prefetch(image);
                    long bytes = resolved.layers().stream().mapToLong(LayerDescriptor::size).sum();
                    LOG.info("prefetched {} ({}): {} layers, {} bytes in {} ms", image, resolved.manifestDigest(),
                            resolved.layers().size(), bytes, (System.nanoTime() - start) / 1_000_000);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("prefetch of {} failed: {}", image, FlagChecks.describe(e));
                }
            }
        }, "image-prefetch");
        prefetch.setDaemon(true);
        prefetch.start();
    }

    /** The port the boot endpoints listen on (the bound one when the address asked for port 0). */
    public int port() {
        return address.port();
    }

    /** The port the image proxy listens on. */
    public int imagePort() {
        return imageAddress.port();
    }

    /** A URL of this server for clients on this host. */
    public URI uri() {
        return URI.create(scheme + "://" + CurlHints.clientHost(address) + ":" + address.port());
    }

    /** A URL of the image proxy for clients on this host. */
    public URI imageUri() {
        return URI.create(scheme + "://" + CurlHints.clientHost(imageAddress) + ":" + imageAddress.port());
    }

    /** The image cache's counters. */
    public BlobCacheStats imageCacheStats() {
        return servlets.imageCache().stats();
    }

    /** Blocks until the server stops, e.g. on SIGTERM. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving (waiting up to {@link #STOP_TIMEOUT_MILLIS} for requests in flight) and stops the reload. */
    @Override
    public void close() {
        stopQuietly(server);
        if (tls != null) {
            tls.close();
        }
        servlets.close();
        LOG.info("boot server on {} stopped", address);
    }

    private void logStartup(BootServerOptions options) {
        Map<String, Integer> counts = new TreeMap<>();
        for (BootResource r : servlets.store().all()) {
            counts.merge(r.kind(), 1, Integer::sum);
        }
        String source = servlets.store() instanceof DirectoryBootConfigStore ? "config dir " + configDir
                : "store " + servlets.store().getClass().getSimpleName();
        LOG.info("boot server listening on {}://{} ({}: {}){}", scheme, address, source,
                counts.isEmpty() ? "no manifests yet" : counts, options.transport().http2() ? ", HTTP/2 enabled" : "");
        if (options.ipxeServiceUrl().isPresent()) {
            LOG.info("iPXE service URL {}", options.ipxeServiceUrl().get());
        } else {
            LOG.info("iPXE disabled: set --ipxe-service-url or ${}; /ipxe answers 503",
                    BootServerOptions.IPXE_SERVER_ADDRESS_ENV);
        }
        BootServerOptions.MachineIdentity identity = options.machineIdentity();
        if (identity.trustedProxies().trustsEveryone()) {
            LOG.warn("X-Forwarded-For is believed from any host, as upstream does, so any host can claim a machine's IP;"
                    + " set --trusted-proxies to the DHCP relay or load balancer in front of this server");
        }
        if (identity.ignitionSourceCheck() || identity.ignitionUrlSigner().isPresent()) {
            LOG.info("Ignition only for its machine:{}{}", identity.ignitionSourceCheck() ? " source check" : "",
                    identity.ignitionUrlSigner().map(s -> " signed URLs valid for " + s.ttl()).orElse(""));
        }
        BootServerOptions.ImageProxyOptions images = options.imageProxy();
        LOG.info("image proxy listening on {}://{} (registries {}, platform linux/{}, cache {} bound {} bytes)",
                scheme, imageAddress, images.policy(), images.architecture(), images.cacheDir(), images.cacheMaxBytes());
        for (String hint : CurlHints.of(servlets.store().all(), uri().toString(), options.ipxeServiceUrl().isPresent())) {
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
