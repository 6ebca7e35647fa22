package dev.bootoperator.operator.serve;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.jetty.BootServer;
import dev.bootoperator.store.BootConfigStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot servers of the operator process: the reference {@link BootServer} (boot endpoints and image proxy on
 * their two addresses) serving an {@link InformerBootConfigStore}, choosing with a {@link MaintenanceAwareSelector}
 * and writing conditions and Events with a {@link BootStatusRecorder}. {@code /readyz} answers 200 once every
 * informer has its initial list.
 *
 * <pre>{@code
 * try (OperatorBootServers boot = OperatorBootServers.start(client, settings)) {
 *     operator.start();
 *     ...
 * }
 * }</pre>
 */
public final class OperatorBootServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorBootServers.class);

    private final InformerBootConfigStore store;
    private final MaintenanceAwareSelector selector;
    private final Optional<BootStatusRecorder> recorder;
    private final BootServer server;

    private OperatorBootServers(InformerBootConfigStore store, MaintenanceAwareSelector selector,
            Optional<BootStatusRecorder> recorder, BootServer server) {
        this.store = store;
        this.selector = selector;
        this.recorder = recorder;
        this.server = server;
    }

    /**
     * Starts the informers, waits up to {@code settings.syncTimeout()} for their initial lists, then binds both
     * addresses. On failure nothing is left running.
     */
    public static OperatorBootServers start(KubernetesClient client, OperatorBootServerSettings settings)
            throws Exception {
        return start(client, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** As {@link #start(KubernetesClient, OperatorBootServerSettings)}, with the servers' metrics in {@code registry}. */
    public static OperatorBootServers start(KubernetesClient client, OperatorBootServerSettings settings,
            PrometheusMeterRegistry registry) throws Exception {
        InformerBootConfigStore store = null;
        MaintenanceAwareSelector selector = null;
        BootStatusRecorder recorder = null;
        try {
            store = InformerBootConfigStore.start(client, settings.namespace());
            selector = MaintenanceAwareSelector.start(client, store, settings.namespace());
            store.awaitReady(settings.syncTimeout());
            selector.awaitReady(settings.syncTimeout());
            if (settings.recordBootStatus()) {
                recorder = new BootStatusRecorder(client, store, settings.statusQueueCapacity(), Clock.systemUTC());
            }
            BootConfigStore served = new ReadyWhenSelectorIs(store, selector);
            MaintenanceAwareSelector s = selector;
            BootStatusRecorder r = recorder;
            BootServer server = BootServer.start(settings.server(), registry, servlets -> {
                servlets.store(served).selector(s);
                if (r != null) {
                    servlets.listener(r);
                }
            });
            LOG.info("boot servers serve the informer caches ({}); status recording {}",
                    settings.namespace().map(n -> "namespace " + n).orElse("all namespaces"),
                    settings.recordBootStatus() ? "on" : "off");
            return new OperatorBootServers(store, selector, Optional.ofNullable(recorder), server);
        } catch (Exception | Error e) {
            closeAll(recorder, selector, store);
            throw e;
        }
    }

    /** The port of the boot endpoints (the bound one when the address asked for port 0). */
    public int port() {
        return server.port();
    }

    /** The port of the image proxy. */
    public int imagePort() {
        return server.imagePort();
    }

    /** A URL of the boot endpoints for clients on this host. */
    public URI uri() {
        return server.uri();
    }

    /** The recorder's counters, when recording is on. */
    public Optional<BootStatusRecorder.Stats> statusStats() {
        return recorder.map(BootStatusRecorder::stats);
    }

    /** Stops serving, then the recorder and the informers. */
    @Override
    public void close() {
        server.close();
        closeAll(recorder.orElse(null), selector, store);
    }

    private static void closeAll(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
    }

    /** The store, ready only once the selector's caches are too: a replica must not serve before it can choose. */
    private record ReadyWhenSelectorIs(InformerBootConfigStore store, MaintenanceAwareSelector selector)
            implements BootConfigStore {
        @Override
        public List<IpxeBootConfig> ipxeConfigsBySystemUuid(String systemUuid) {
            return store.ipxeConfigsBySystemUuid(systemUuid);
        }

        @Override
        public List<IpxeBootConfig> ipxeConfigsBySystemIp(String ip) {
            return store.ipxeConfigsBySystemIp(ip);
        }

        @Override
        public List<HttpBootConfig> httpConfigsBySystemUuid(String systemUuid) {
            return store.httpConfigsBySystemUuid(systemUuid);
        }

        @Override
        public List<HttpBootConfig> httpConfigsByNetworkIdentifier(String ipOrMac) {
            return store.httpConfigsByNetworkIdentifier(ipOrMac);
        }

        @Override
        public Optional<Secret> secret(ObjectKey key) {
            return store.secret(key);
        }

        @Override
        public Collection<BootResource> all() {
            return store.all();
        }

        @Override
        public boolean ready() {
            return store.ready() && selector.ready();
        }
    }
}
