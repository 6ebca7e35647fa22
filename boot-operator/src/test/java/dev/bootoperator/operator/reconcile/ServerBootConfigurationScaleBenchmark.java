package dev.bootoperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (surefire's default includes skip {@code *Benchmark}): 1,000 ServerBootConfigurations on one image,
 * all four controllers, a mock API server and a real docker-registry. Reports the time until all are Ready and
 * the manifest GETs the registry answered. Run it with
 * {@code ./mvnw -B test -pl boot-operator -Dtest=ServerBootConfigurationScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Dbench.count=N} changes the count. See docs/benchmarks.md.
 */
class ServerBootConfigurationScaleBenchmark {
    private static final String NS = "default";

    @TempDir
    Path dir;

    @Test
    void thousandServerBootConfigurationsOnOneImage() {
        int count = Integer.getInteger("bench.count", 1000);
        try (OperatorFixture fx = OperatorFixture.start(dir, false)) {
            long manifestGetsBefore = fx.registry.requests("GET", TestImages.MULTI_ARCH + "/manifests/");
            fx.createSecret(NS, "shared-ignition", Map.of("ignition", "{}"));
            for (int i = 0; i < count; i++) {
                fx.createServer("server-" + i, "uuid-" + i, List.of(new NetworkInterface("eth0",
                        "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256), null)));
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                fx.createSbc(NS, "sbc-" + i, "server-" + i, fx.image(TestImages.MULTI_ARCH), "shared-ignition", null);
            }
            long created = System.nanoTime();
            Await.until(count + " ServerBootConfigurations Ready", Duration.ofMinutes(10),
                    () -> fx.client.resources(ServerBootConfiguration.class).inNamespace(NS).list().getItems().stream()
                            .filter(s -> s.getStatus() != null && BootConfigStatus.READY.equals(s.getStatus().getState()))
                            .count(),
                    ready -> ready == count);
            long done = System.nanoTime();
            long tagGets = fx.registry.requests("GET", TestImages.MULTI_ARCH + "/manifests/" + TestImages.TAG);
            long manifestGets = fx.registry.requests("GET", TestImages.MULTI_ARCH + "/manifests/") - manifestGetsBefore;
            System.out.printf("%nBENCH count=%d create_sbcs_ms=%d all_ready_ms=%d manifest_gets_by_tag=%d "
                            + "manifest_gets_total=%d ipxebootconfigs=%d httpbootconfigs=%d cores=%d%n%n",
                    count, (created - start) / 1_000_000, (done - start) / 1_000_000, tagGets, manifestGets,
                    fx.client.resources(dev.bootoperator.operator.IPXEBootConfig.class).inNamespace(NS).list().getItems().size(),
                    fx.client.resources(dev.bootoperator.operator.HTTPBootConfig.class).inNamespace(NS).list().getItems().size(),
                    Runtime.getRuntime().availableProcessors());
            assertThat(tagGets).as("manifest resolutions by tag").isEqualTo(1);
        }
    }
}
