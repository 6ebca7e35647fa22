package dev.bootoperator.operator.serve;

import static dev.bootoperator.operator.serve.Fixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.jetty.BootServer;
import dev.bootoperator.jetty.BootServerOptions;
import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder never holds up a boot: its API server may hang, and machines still get their answers at once. */
class BootStatusRecorderTest {
    @TempDir
    Path cacheDir;

    @Test
    void aBurstOfBootsIsAnsweredQuicklyWhileTheApiServerHangsAndTheOverflowIsCounted() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (MockCluster cluster = MockCluster.start();
                ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!blackHole.isClosed()) {
                    try {
                        held.add(blackHole.accept()); // accept, then never answer
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            KubernetesClient client = cluster.client();
            ServerBootConfiguration sbc = Fixtures.sbc(client, "workload", "server-1");
            int machines = 6;
            for (int m = 0; m < machines; m++) {
                Fixtures.ipxe(client, "node-" + m, uuid(m), List.of(), "http://images/kernel-" + m, sbc);
            }
            Config hanging = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + blackHole.getLocalPort())
                    .withRequestTimeout(60_000).withConnectionTimeout(60_000).withRequestRetryBackoffLimit(0).build();

            try (KubernetesClient unresponsive = new KubernetesClientBuilder().withConfig(hanging).build();
                    KubernetesClient operatorClient = cluster.newClient();
                    InformerBootConfigStore store = InformerBootConfigStore.start(operatorClient, Optional.empty());
                    MaintenanceAwareSelector selector = MaintenanceAwareSelector.start(operatorClient, store, Optional.empty());
                    BootStatusRecorder recorder = new BootStatusRecorder(unresponsive, store, 2, Clock.systemUTC())) {
                store.awaitReady(Duration.ofSeconds(10));
                selector.awaitReady(Duration.ofSeconds(10));
                BootServerOptions options = OperatorBootServerSettings.fromFlags(ListenAddress.parse("127.0.0.1:0"),
                        ListenAddress.parse("127.0.0.1:0"), Optional.of("http://boot.example:8082"), Optional.empty(),
                        Optional.empty(), Optional.empty(), "amd64", RegistryPolicy.defaults(), cacheDir).server();

                try (BootServer server = BootServer.start(options,
                        servlets -> servlets.store(store).selector(selector).listener(recorder))) {
                    String base = "http://127.0.0.1:" + server.port();
                    long slowest = 0;
                    long start = System.nanoTime();
                    for (int r = 0; r < 200; r++) {
                        long t = System.nanoTime();
                        assertThat(get(base + "/ipxe/" + uuid(r % machines)).statusCode()).isEqualTo(200);
                        slowest = Math.max(slowest, System.nanoTime() - t);
                    }
                    long total = System.nanoTime() - start;

                    assertThat(Duration.ofNanos(slowest)).as("slowest boot request").isLessThan(Duration.ofSeconds(1));
                    assertThat(Duration.ofNanos(total)).as("200 boot requests").isLessThan(Duration.ofSeconds(20));
                    BootStatusRecorder.Stats stats = recorder.stats();
                    assertThat(stats.recorded()).as("nothing got through the hanging API server").isZero();
                    assertThat(stats.queued()).isEqualTo(2);
                    assertThat(stats.dropped()).as("deliveries beyond the bound of 2").isPositive();
                    assertThat(stats.coalesced()).as("repeats for a queued config").isPositive();
                    assertThat(stats.queued() + stats.dropped() + stats.coalesced())
                            .as("every delivery is queued, in flight, coalesced or dropped").isBetween(199L, 200L);
                }
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static String uuid(int machine) {
        return "0b0b0b0b-0000-4000-8000-00000000000" + machine;
    }
}
