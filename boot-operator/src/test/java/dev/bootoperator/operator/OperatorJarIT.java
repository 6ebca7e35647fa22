package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import dev.bootoperator.operator.metal.ServerSpec;
import dev.bootoperator.operator.metal.ServerStatus;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                "--metrics-bind-address=127.0.0.1:" + metrics, "--metrics-secure=false",
                "--ipxe-service-url=http://boot.example:8082", "--image-server-url=http://boot.example:8083");

        await(operator, "/readyz answers 200", () -> get("http://127.0.0.1:" + probes + "/readyz").startsWith("200"));
        assertThat(get("http://127.0.0.1:" + probes + "/healthz")).startsWith("200");
        assertThat(get("http://127.0.0.1:" + boot + "/ipxe/" + UUID))
                .startsWith("200 #!ipxe").contains("http://images.example/kernel");
        // The boot servers' request and cache metrics are in the operator's registry too.
        assertThat(get("http://127.0.0.1:" + metrics + "/metrics")).startsWith("200").contains("jvm_memory_used_bytes",
                "boot_requests_seconds_count{endpoint=\"ipxe-script\",outcome=\"success\"}", "boot_image_cache_hits_total");

        // The ipxebootconfig controller runs in the jar: a missing Ignition secret turns the config to Error.
        await(operator, "IPXEBootConfig default/machine-1 reconciled to Error (its Ignition secret is missing)", () -> {
            IPXEBootConfig read = cluster.client().resources(IPXEBootConfig.class).inNamespace("default")
                    .withName("machine-1").get();
            return read.getStatus() != null && BootConfigStatus.ERROR.equals(read.getStatus().getState());
        });
    }

    /**
     * metal-operator's side as a cluster has it (Server, ServerBootConfiguration, Ignition Secret) and an OS image in
     * a real docker-registry: the jar's controllers make the IPXEBootConfig, its boot server answers the machine's
     * iPXE script and Ignition, and its image proxy serves the kernel the script names, verified by digest.
     */
    @Test
    void aServerBootConfigurationBootsAMachineThroughTheJar() throws Exception {
        try (LocalRegistry registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")))) {
            TestImages images = new TestImages(Files.createDirectories(dir.resolve("images")));
            images.multiArch.push(registry, TestImages.MULTI_ARCH, TestImages.TAG);
            KubernetesClient client = cluster.client();
            client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("default")
                    .withName("machine-2-ignition").endMetadata()
                    .withStringData(Map.of("ignition", "{\"ignition\":{\"version\":\"3.3.0\"}}")).build()).create();
            Server server = new Server();
            server.setMetadata(new ObjectMetaBuilder().withName("machine-2").build());
            ServerSpec serverSpec = new ServerSpec();
            serverSpec.setSystemUUID(UUID);
            server.setSpec(serverSpec);
            Server created = client.resources(Server.class).resource(server).create();
            ServerStatus serverStatus = new ServerStatus();
            serverStatus.setNetworkInterfaces(List.of(new NetworkInterface("eth0", "127.0.0.1", "aa:bb:cc:dd:ee:02")));
            created.setStatus(serverStatus);
            client.resources(Server.class).resource(created).updateStatus();
            ServerBootConfiguration sbc = new ServerBootConfiguration();
            sbc.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("machine-2").build());
            ServerBootConfigurationSpec sbcSpec = new ServerBootConfigurationSpec();
            sbcSpec.setServerRef(new SecretRef("machine-2"));
            sbcSpec.setImage(registry.address() + "/" + TestImages.MULTI_ARCH + ":" + TestImages.TAG);
            sbcSpec.setIgnitionSecretRef(new SecretRef("machine-2-ignition"));
            sbc.setSpec(sbcSpec);
            client.resources(ServerBootConfiguration.class).resource(sbc).create();

            int boot = freePort();
            int image = freePort();
            int probes = freePort();
            String imageServer = "http://127.0.0.1:" + image;
            String bootServer = "http://127.0.0.1:" + boot;
            Process operator = launch(cluster.writeKubeconfig(dir, "mock"), "--boot-server-address=127.0.0.1:" + boot,
                    "--image-proxy-server-address=127.0.0.1:" + image, "--health-probe-bind-address=127.0.0.1:" + probes,
                    "--metrics-bind-address=0", "--ipxe-service-url=" + bootServer, "--image-server-url=" + imageServer,
                    "--allowed-registries=" + registry.address(), "--insecure-registries=" + registry.address());

            await(operator, "ServerBootConfiguration default/machine-2 Ready", () -> {
                ServerBootConfiguration read = client.resources(ServerBootConfiguration.class).inNamespace("default")
                        .withName("machine-2").get();
                return read.getStatus() != null && BootConfigStatus.READY.equals(read.getStatus().getState());
            });
            await(operator, "the boot server has the new IPXEBootConfig",
                    () -> get("http://127.0.0.1:" + boot + "/ipxe/" + UUID).startsWith("200"));
            String script = get("http://127.0.0.1:" + boot + "/ipxe/" + UUID);
            String kernelDigest = images.amd64Kernel.digest().toString();
            Matcher kernel = Pattern.compile("kernel (\\S+)").matcher(script);
            assertThat(kernel.find()).as("a kernel line in\n%s", script).isTrue();
            // Kernel URLs are ${ipxe-service-url}/image?..., upstream's form: the boot port serves /image too.
            assertThat(kernel.group(1)).startsWith(bootServer + "/image?")
                    .contains("layerDigest=" + kernelDigest.replace(":", "%3A"));

            HttpResponse<byte[]> layer = http.send(HttpRequest.newBuilder(URI.create(kernel.group(1))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(layer.statusCode()).isEqualTo(200);
            assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layer.body())))
                    .isEqualTo(kernelDigest);
            assertThat(get("http://127.0.0.1:" + boot + "/ignition/" + UUID)).isEqualTo("200 {\"ignition\":{\"version\":\"3.3.0\"}}");

            await(operator, "IPXEScriptFetched on IPXEBootConfig default/machine-2", () -> {
                IPXEBootConfig read = client.resources(IPXEBootConfig.class).inNamespace("default").withName("machine-2").get();
                return read.getStatus() != null && read.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("IPXEScriptFetched") && c.getStatus().equals("True"));
            });
        }
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
