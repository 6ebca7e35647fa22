package dev.bootoperator.operator.runtime;

import dev.bootoperator.operator.OperatorOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The boot and image-proxy servers that every replica runs, leader or not, once started. {@code /readyz} answers
 * 503 until {@link #ready()}: a replica behind the Service takes boots only when its store has synced.
 */
public interface BootServers extends AutoCloseable {
    /** No servers: always ready. */
    BootServers NONE = new BootServers() {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    /** Whether the servers answer from a synced store. */
    boolean ready();

    /** Stops serving. */
    @Override
    void close();

    /** What the servers get to start with. */
    record Context(KubernetesClient client, OperatorOptions options, PrometheusMeterRegistry meterRegistry) {
    }

    /** Binds {@link OperatorOptions#bootServerAddress()} and {@link OperatorOptions#imageProxyServerAddress()}. */
    @FunctionalInterface
    interface Factory {
        /** Starts nothing. */
        Factory NONE = context -> BootServers.NONE;

        /** Starts the servers; throws when an address cannot be bound, leaving nothing running. */
        BootServers start(Context context) throws Exception;
    }
}
