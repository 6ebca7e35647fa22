package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code target/boot-operator.jar}, launched as the README launches it, against a mock API server
 * named by a kubeconfig file: probes, boots served from the cluster, and the reconcilers running in the
 * process. Runs in {@code mvn verify} (failsafe), which passes the jar's path as {@code operator.jar}.
 */
class OperatorJarIT {
    private static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private MockCluster cluster;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        cluster.close();
    }

    @Test
    void theJarServesBootsFromTheClusterAndReconciles() throws Exception {
        IPXEBootConfig config = new IPXEBootConfig();
        config.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("machine-1").build());
        IPXEBootConfigSpec spec = new IPXEBootConfigSpec();
        spec.setSystemUUID(UUID);
        spec.setKernelURL("http://images.example/kernel");
        spec.setInitrdURL("http://images.example/initrd");
        spec.setIgnitionSecretRef(new SecretRef("machine-1-ignition"));
        config.setSpec(spec);
        cluster.client().resource(config).create();

        int boot = freePort();
        int probes = freePort();
        int metrics = freePort();
        Process operator = launch(cluster.writeKubeconfig(dir, "mock"), "--boot-server-address=127.0.0.1:" + boot,
                "--image-proxy-server-address=127.0.0.1:" + freePort(), "--health-probe-bind-address=127.0.0.1:" + probes,
                "--metrics-bind-address=127.0.0.1:" + metrics, "--ipxe-service-url=http://boot.example:8082", "--image-server-url=http://boot.example:8083");

        await(operator, "/readyz answers 200", () -> get("http://127.0.0.1:" + probes + "/readyz").startsWith("200"));
        assertThat(get("http://127.0.0.1:" + probes + "/healthz")).startsWith("200");
        assertThat(get("http://127.0.0.1:" + boot + "/ipxe/" + UUID))
                .startsWith("200 #!ipxe").contains("http://images.example/kernel");
        assertThat(get("http://127.0.0.1:" + metrics + "/metrics")).startsWith("200").contains("jvm_memory_used_bytes");

        // The ipxebootconfig controller runs in the jar: a missing Ignition secret turns the config to Error.
        await(operator, "IPXEBootConfig default/machine-1 reconciled to Error (its Ignition secret is missing)", () -> {
            IPXEBootConfig read = cluster.client().resources(IPXEBootConfig.class).inNamespace("default")
                    .withName("machine-1").get();
            return read.getStatus() != null && BootConfigStatus.ERROR.equals(read.getStatus().getState());
        });
    }

    @Test
    void aBadFlagExitsWithTwoAndOneLineNamingIt() throws Exception {
        Process operator = launch(cluster.writeKubeconfig(dir, "mock"), "--controllers=ipxebootconfig,nosuch");
        assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("the process exits").isTrue();
        assertThat(operator.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("operator.log"))).contains("nosuch").doesNotContain("\tat ");
    }

    private Process launch(Path kubeconfig, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("operator.jar", "target/boot-operator.jar"));
        assertThat(jar).as("the runnable jar; run mvn verify").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("operator.log").toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("HOSTNAME", "operator-jar-it");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private String get(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void await(Process process, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the operator exited with " + process.exitValue() + " before: " + what
                        + "\n" + Files.readString(dir.resolve("operator.log")));
            }
            if (check.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what + "\n"
                + Files.readString(dir.resolve("operator.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
