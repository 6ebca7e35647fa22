package dev.bootoperator.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.OperatorOptions;
import dev.bootoperator.operator.testing.MockCluster;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe and metrics listeners of a running operator, and a start that fails half-way. */
class OperatorRuntimeTest {
    private static final Optional<ListenAddress> ANY_PORT = Optional.of(new ListenAddress("127.0.0.1", 0));
    private static MockCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void readyOnlyOnceTheBootServersAreAndLiveThroughout() throws Exception {
        FakeBootServers boot = new FakeBootServers();
        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options())
                .controllers(ControllerRegistrar.of((operator, opts) -> operator.register(new NoOpReconciler())))
                .bootServers(boot)
                .start()) {
            URI probes = uri(runtime.probeAddress().orElseThrow());

            assertThat(get(probes.resolve("/healthz"))).isEqualTo("200 ok\n");
            assertThat(get(probes.resolve("/readyz"))).isEqualTo("503 boot servers not ready: store not synced yet\n");

            boot.ready.set(true);
            assertThat(get(probes.resolve("/readyz"))).isEqualTo("200 ok\n");
            assertThat(get(probes.resolve("/nothing"))).startsWith("404 ");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(probes.resolve("/healthz"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
        assertThat(boot.closed).isTrue();
    }

    @Test
    void metricsServeTheProcessTheOperatorAndTheBootServersMeters() throws Exception {
        FakeBootServers boot = new FakeBootServers();
        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options())
                .controllers(ControllerRegistrar.of((operator, opts) -> operator.register(new NoOpReconciler())))
                .bootServers(boot)
                .start()) {
            boot.context.get().meterRegistry().counter("boot_requests_test").increment();

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    uri(runtime.metricsAddress().orElseThrow()).resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds",
                    "boot_operator_leader 1.0", "boot_requests_test_total 1.0", "operator_sdk_");
        }
    }

    @Test
    void withEveryControllerOffTheReplicaServesBootsWithoutTakingTheLease() throws Exception {
        FakeBootServers boot = new FakeBootServers();
        boot.ready.set(true);
        OperatorOptions options = options().withLeaderElection(
                new OperatorOptions.LeaderElection(true, "serve-only-lease", Optional.of("default")));
        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options).bootServers(boot)
                .exitOnLostLease(false).start()) {
            assertThat(get(uri(runtime.probeAddress().orElseThrow()).resolve("/readyz"))).isEqualTo("200 ok\n");
            assertThat(runtime.isLeader()).isFalse();
            assertThat(boot.context.get()).isNotNull();
        }
        assertThat(cluster.client().leases().inNamespace("default").withName("serve-only-lease").get()).isNull();
    }

    @Test
    void aFailedStartLeavesNothingRunning() throws Exception {
        FakeBootServers boot = new FakeBootServers();
        int metricsPort;
        try (ServerSocket taken = new ServerSocket(0)) {
            OperatorOptions options = options().withListeners(Optional.of(new ListenAddress("127.0.0.1", 0)),
                    Optional.of(new ListenAddress("127.0.0.1", taken.getLocalPort())));
            assertThatThrownBy(() -> OperatorRuntime.builder(cluster.newClient(), options).bootServers(boot).start())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (probes)");
        }
        assertThat(boot.context.get()).as("the boot servers were never started").isNull();

        BootServers.Factory failing = context -> {
            throw new IOException("boot port taken");
        };
        try (ServerSocket probe = new ServerSocket(0)) {
            metricsPort = probe.getLocalPort();
        }
        OperatorOptions options = options().withListeners(Optional.of(new ListenAddress("127.0.0.1", metricsPort)),
                Optional.empty());
        assertThatThrownBy(() -> OperatorRuntime.builder(cluster.newClient(), options).bootServers(failing).start())
                .hasMessage("boot port taken");
        try (ServerSocket again = new ServerSocket(metricsPort)) {
            assertThat(again.getLocalPort()).as("the metrics listener was closed").isEqualTo(metricsPort);
        }
    }

    private static OperatorOptions options() {
        return OperatorOptions.defaults().withListeners(ANY_PORT, ANY_PORT)
                .withMetricsServing(OperatorOptions.MetricsServing.PLAIN);
    }

    private static URI uri(ListenAddress address) {
        return URI.create("http://" + address);
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static final class FakeBootServers implements BootServers.Factory, BootServers {
        final AtomicBoolean ready = new AtomicBoolean();
        final AtomicReference<BootServers.Context> context = new AtomicReference<>();
        volatile boolean closed;

        @Override
        public BootServers start(BootServers.Context started) {
            context.set(started);
            return this;
        }

        @Override
        public boolean ready() {
            return ready.get();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @ControllerConfiguration(name = "noop")
    static final class NoOpReconciler implements Reconciler<IPXEBootConfig> {
        @Override
        public UpdateControl<IPXEBootConfig> reconcile(IPXEBootConfig resource, Context<IPXEBootConfig> context) {
            return UpdateControl.noUpdate();
        }
    }
}
