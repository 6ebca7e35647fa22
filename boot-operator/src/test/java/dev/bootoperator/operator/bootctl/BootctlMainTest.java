package dev.bootoperator.operator.bootctl;

import static dev.bootoperator.operator.bootctl.Clusters.http;
import static dev.bootoperator.operator.bootctl.Clusters.ipxe;
import static dev.bootoperator.operator.bootctl.Clusters.sbc;
import static dev.bootoperator.operator.bootctl.Clusters.secret;
import static dev.bootoperator.operator.bootctl.Clusters.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bootctl move} as a user runs it: kubeconfig files pointing at two mock API servers. */
class BootctlMainTest {
    private static final String NS = "default";

    @TempDir
    Path dir;
    private MockCluster sourceCluster;
    private MockCluster targetCluster;
    private KubernetesClient source;
    private KubernetesClient target;
    private Path sourceKubeconfig;
    private Path targetKubeconfig;

    @BeforeEach
    void start() throws IOException {
        sourceCluster = MockCluster.start();
        targetCluster = MockCluster.start();
        source = sourceCluster.client();
        target = targetCluster.client();
        sourceKubeconfig = sourceCluster.writeAdminKubeconfig(dir, "source");
        targetKubeconfig = targetCluster.writeAdminKubeconfig(dir, "target");
        secret(source, NS, "ignition-m1", "ignition", "{}");
        source.resource(ipxe(NS, "m1", "http://images/kernel", "ignition-m1", null, sbc(source, NS, "m1"))).create();
        source.resource(http(NS, "h1", null, sbc(source, NS, "h1"))).create();
        sbc(target, NS, "m1");
    }

    @AfterEach
    void stop() {
        sourceCluster.close();
        targetCluster.close();
    }


    private record Run(int exitCode, String out, String err) {}

    private Run bootctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BootctlMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private String[] move(String... extra) {
        List<String> args = new ArrayList<>(List.of("move",
                "--source-kubeconfig", sourceKubeconfig.toString(), "--target-kubeconfig", targetKubeconfig.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void movesAndPrintsWhatItDid() {
        Run run = bootctl(move());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines()).hasSize(4).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("moved Secret default/ignition-m1");
            assertThat(lines.get(1)).isEqualTo("moved HTTPBootConfig default/h1");
            assertThat(lines.get(2)).startsWith("moved IPXEBootConfig default/m1; owner ServerBootConfiguration m1 "
                    + "relinked (uid ");
            assertThat(lines.get(3)).isEqualTo("moved 3, skipped 0, owners relinked 1 (target cluster "
                    + target.getMasterUrl() + ")");
        });
        assertThat(target.resources(IPXEBootConfig.class).inNamespace(NS).withName("m1").get()).isNotNull();

        Run again = bootctl(move());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("skipped IPXEBootConfig default/m1 (identical in target cluster)")
                .contains("moved 0, skipped 3");
    }

    @Test
    void verboseSaysWhichOwnersWereDropped() {
        Run run = bootctl(move("--verbose", "--namespace", NS));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("source cluster " + source.getMasterUrl() + ", target cluster "
                        + target.getMasterUrl() + ", namespace default")
                .contains("moved HTTPBootConfig default/h1\n"
                        + "  owner ServerBootConfiguration h1 dropped: not found in target cluster\n");
        assertThat(bootctl(move()).out()).doesNotContain("dropped");
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        Map<String, String> before = snapshot(target);

        Run run = bootctl(move("--dry-run"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                would move Secret default/ignition-m1
                would move HTTPBootConfig default/h1
                would move IPXEBootConfig default/m1; owner ServerBootConfiguration m1 relinked (uid %s)
                dry run: would move 3, skip 0; nothing changed in target cluster %s
                """.formatted(target.resources(dev.bootoperator.operator.metal.ServerBootConfiguration.class)
                .inNamespace(NS).withName("m1").get().getMetadata().getUid(), target.getMasterUrl()));
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    void acceptsUpstreamsBooleanFlagSpelling() {
        Map<String, String> before = snapshot(target);

        Run run = bootctl(move("--dry-run=true", "--require-owners=false"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("dry run:");
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    void failureIsOneLineNamingObjectAndClusterWithExitCodeOne() {
        Map<String, String> before = snapshot(target);

        Run run = bootctl(move("--require-owners"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("bootctl move: HTTPBootConfig default/h1: owner ServerBootConfiguration "
                + "default/h1 not found in target cluster " + target.getMasterUrl() + " (--require-owners)\n");
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    void verboseFailureAddsTheStackTrace() {
        Run run = bootctl(move("--require-owners", "--verbose"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("bootctl move: HTTPBootConfig default/h1: owner")
                .contains("\tat dev.bootoperator.operator.bootctl.Mover");
    }

    @Test
    void anUnreachableClusterIsOneLineNamingIt() throws IOException {
        targetCluster.close();

        Run run = bootctl(move());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("bootctl move: reading ")
                .contains("in target cluster " + target.getMasterUrl() + " failed: ");
        targetCluster = MockCluster.start(); // for stop()
    }

    @Test
    void aMissingKubeconfigIsOneLine() {
        Run run = bootctl("move", "--source-kubeconfig", dir.resolve("nope.yaml").toString(),
                "--target-kubeconfig", targetKubeconfig.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("bootctl move: cannot read --source-kubeconfig " + dir.resolve("nope.yaml")
                + "\n");
    }

    @Test
    void missingRequiredFlagsAreAUsageError() {
        Run run = bootctl("move", "--source-kubeconfig", sourceKubeconfig.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required option: '--target-kubeconfig=FILE'");
        assertThat(bootctl().exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsUpstreamsFlags() {
        Run run = bootctl("move", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--source-kubeconfig=FILE", "--target-kubeconfig=FILE", "--namespace=NS",
                "--require-owners", "--dry-run", "--verbose");
    }
}
