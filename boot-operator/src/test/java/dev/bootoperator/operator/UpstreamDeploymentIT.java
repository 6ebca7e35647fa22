package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import dev.bootoperator.operator.metal.ServerSpec;
import dev.bootoperator.operator.metal.ServerStatus;
import dev.bootoperator.operator.testing.MockCluster;
import dev.bootoperator.operator.testing.TrustAnyCertificate;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Go user's switch: upstream's own Deployment (rendered {@code config/default}) and Helm values start our operator
 * through the image's entrypoint script ({@code src/main/jib/manager}, what {@code command: [/manager]} runs) with
 * the container's args, against the mock API server, on upstream's ports: probes on {@code :8081}, {@code /metrics}
 * over HTTPS with TokenReview/SubjectAccessReview (401, 403, 200), and ServerBootConfigurations reconciled.
 *
 * <p>The copies of upstream's manifests are in {@code src/test/resources/upstream/} (provenance in each file). The
 * process gets {@code KUBECONFIG} (the mock), and the kustomize case {@code IPXE_SERVER_ADDRESS} (upstream's own
 * source of the iPXE URL when its Deployment passes none; upstream exits without it) plus {@code --allowed-registries}
 * and {@code --insecure-registries} naming the test's local registry: the default allowlist is ghcr.io, which this
 * machine cannot reach. Nothing else is added; no port is moved. The metrics certificate is written where the
 * Deployment mounts cert-manager's secret, {@code /tmp/k8s-metrics-server/metrics-certs}, as cert-manager writes it
 * (PKCS#1 RSA key).
 */
class UpstreamDeploymentIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";
    private static final Path CERT_DIR = Path.of("/tmp/k8s-metrics-server/metrics-certs");
    /** The rendered Deployment's namespace, which a pod of it would run in. */
    private static final String NAMESPACE = "boot-operator-system";
    private static final String PROMETHEUS = "system:serviceaccount:monitoring:prometheus";

    @TempDir
    Path dir;
    private MockCluster cluster;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        cluster.reviewAccess(Map.of("prometheus-token", PROMETHEUS, "intruder-token",
                "system:serviceaccount:default:intruder"), Set.of(PROMETHEUS));
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
    void upstreamsKustomizeDeploymentRunsOurOperator() throws Exception {
        JsonNode container = container(resource("config-default-deployment.yaml").at("/spec/template/spec/containers"),
                "manager");
        assertThat(texts(container.get("command"))).containsExactly("/manager");
        List<String> args = texts(container.get("args"));
        assertThat(args).containsExactly("--metrics-bind-address=:8443", "--leader-elect",
                "--metrics-cert-path=/tmp/k8s-metrics-server/metrics-certs");
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo(CERT_DIR.toString());
        X509Certificate mounted = writeCertManagerSecret();

        try (LocalRegistry registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")))) {
            TestImages images = new TestImages(Files.createDirectories(dir.resolve("images")));
            images.multiArch.push(registry, TestImages.MULTI_ARCH, TestImages.TAG);
            createMachine("machine-1", registry.address() + "/" + TestImages.MULTI_ARCH + ":" + TestImages.TAG);

            List<String> launched = new ArrayList<>(args);
            launched.add("--allowed-registries=" + registry.address());
            launched.add("--insecure-registries=" + registry.address());
            Process operator = launchManager(launched, Map.of("IPXE_SERVER_ADDRESS", "127.0.0.1"), 8443, 8081, 8082, 8083);

            int probePort = container.at("/readinessProbe/httpGet/port").asInt();
            assertThat(probePort).isEqualTo(8081);
            await(operator, "/readyz on :" + probePort, () -> get(URI.create("http://127.0.0.1:" + probePort
                    + container.at("/readinessProbe/httpGet/path").asText()), null).equals("200 ok\n"));
            assertThat(get(URI.create("http://127.0.0.1:8081" + container.at("/livenessProbe/httpGet/path").asText()),
                    null)).isEqualTo("200 ok\n");

            assertMetricsAreReviewed(URI.create("https://127.0.0.1:8443/metrics"));
            assertThat(served(URI.create("https://127.0.0.1:8443/metrics"))).as("the mounted certificate is served")
                    .isEqualTo(mounted);

            ServerBootConfiguration ready = await(operator, "ServerBootConfiguration default/machine-1 Ready",
                    () -> sbc("machine-1"), s -> s != null && s.getStatus() != null
                            && BootConfigStatus.READY.equals(s.getStatus().getState()));
            assertThat(ready.getStatus().getConditions()).noneMatch(c -> "ImageValidation".equals(c.getType()));
            IPXEBootConfig ipxe = cluster.client().resources(IPXEBootConfig.class).inNamespace("default")
                    .withName("machine-1").get();
            assertThat(ipxe.getSpec().getKernelURL()).startsWith("http://127.0.0.1:5000/image?");
            assertThat(get(URI.create("http://127.0.0.1:8082/ipxe/" + UUID), null)).startsWith("200 #!ipxe");
            assertStaysUp(operator);
        }
    }

    @Test
    void upstreamsHelmValuesRunOurOperatorWithThePlaceholderUrl() throws Exception {
        JsonNode values = resource("chart-values.yaml");
        List<String> args = texts(values.at("/controllerManager/manager/args"));
        assertThat(args).containsExactly("--ipxe-service-url=ipxe-service-url");
        assertThat(values.at("/controllerManager/manager/livenessProbe/httpGet/port").asInt()).isEqualTo(8081);
        createMachine("machine-2", "ghcr.io/ironcore-dev/os-images/gardenlinux:1877.0");
        createHttpBootConfig();

        Process operator = launchManager(args, Map.of(), 8080, 8081, 8082, 8083);

        await(operator, "/readyz on :8081", () -> get(URI.create("http://127.0.0.1:8081/readyz"), null)
                .equals("200 ok\n"));
        assertThat(get(URI.create("http://127.0.0.1:8081/healthz"), null)).isEqualTo("200 ok\n");
        // metrics on upstream's default :8080, and --metrics-secure defaults to true: HTTPS, self-signed
        assertMetricsAreReviewed(URI.create("https://127.0.0.1:8080/metrics"));
        assertThat(served(URI.create("https://127.0.0.1:8080/metrics")).getSubjectX500Principal().getName())
                .isEqualTo("CN=boot-operator-metrics");

        // Neither URL: the ServerBootConfiguration is Error naming both flags...
        ServerBootConfiguration failed = await(operator, "ServerBootConfiguration default/machine-2 Error",
                () -> sbc("machine-2"), s -> s != null && s.getStatus() != null
                        && BootConfigStatus.ERROR.equals(s.getStatus().getState()));
        Condition condition = failed.getStatus().getConditions().stream()
                .filter(c -> "ImageValidation".equals(c.getType())).findFirst().orElseThrow();
        assertThat(condition.getReason()).isEqualTo("FlagNotSet");
        assertThat(condition.getMessage()).contains("--ipxe-service-url", "--image-server-url");
        // ...while a boot that needs neither is served, and iPXE says why it is off.
        assertThat(get(URI.create("http://127.0.0.1:8082/httpboot"), null))
                .startsWith("200 ").contains("http://images.example/machine-3.efi");
        assertThat(get(URI.create("http://127.0.0.1:8082/ipxe/" + UUID), null)).startsWith("503 ");
        assertThat(Files.readString(dir.resolve("operator.log")))
                .contains("--ipxe-service-url: 'ipxe-service-url' is not an http:// or https:// URL")
                .contains("no --image-server-url");
        assertStaysUp(operator);
    }

    private void assertMetricsAreReviewed(URI metrics) throws Exception {
        assertThat(get(metrics, null)).isEqualTo("401 Unauthorized\n");
        assertThat(get(metrics, "Bearer intruder-token"))
                .isEqualTo("403 Authorization denied for user system:serviceaccount:default:intruder\n");
        assertThat(get(metrics, "Bearer prometheus-token")).startsWith("200 ").contains("jvm_memory_used_bytes",
                "boot_operator_leader");
    }

    private void assertStaysUp(Process operator) throws Exception {
        Thread.sleep(3000);
        assertThat(operator.isAlive()).as("still running\n%s", log()).isTrue();
        assertThat(log()).doesNotContain("\tat ");
    }

    /** tls.crt, tls.key (PKCS#1, cert-manager's default) and ca.crt, the items of the Deployment's secret volume. */
    private X509Certificate writeCertManagerSecret() throws Exception {
        Files.createDirectories(CERT_DIR);
        Path key = dir.resolve("tls.key");
        Path cert = dir.resolve("tls.crt");
        run("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048");
        run("openssl", "req", "-x509", "-new", "-key", key.toString(), "-subj",
                "/CN=boot-operator-metrics-service.boot-operator-system.svc", "-days", "1",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", cert.toString());
        // written beside, then renamed: another run may be reading them
        for (String[] item : new String[][] {{"tls.key", key.toString()}, {"tls.crt", cert.toString()},
            {"ca.crt", cert.toString()}}) {
            Path staged = CERT_DIR.resolve("." + item[0] + "." + ProcessHandle.current().pid());
            Files.copy(Path.of(item[1]), staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, CERT_DIR.resolve(item[0]), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void createMachine(String name, String image) {
        KubernetesClient client = cluster.client();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace("default")
                .withName(name + "-ignition").endMetadata()
                .withStringData(Map.of("ignition", "{\"ignition\":{\"version\":\"3.3.0\"}}")).build()).create();
        Server server = new Server();
        server.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ServerSpec serverSpec = new ServerSpec();
        serverSpec.setSystemUUID(UUID);
        server.setSpec(serverSpec);
        Server created = client.resources(Server.class).resource(server).create();
        ServerStatus serverStatus = new ServerStatus();
        serverStatus.setNetworkInterfaces(List.of(new NetworkInterface("eth0", "10.1.2.3", "aa:bb:cc:dd:ee:02")));
        created.setStatus(serverStatus);
        client.resources(Server.class).resource(created).updateStatus();
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName(name).build());
        ServerBootConfigurationSpec sbcSpec = new ServerBootConfigurationSpec();
        sbcSpec.setServerRef(new SecretRef(name));
        sbcSpec.setImage(image);
        sbcSpec.setIgnitionSecretRef(new SecretRef(name + "-ignition"));
        sbc.setSpec(sbcSpec);
        client.resources(ServerBootConfiguration.class).resource(sbc).create();
    }

    /** An HTTP boot that needs no operator URL: its UKI URL is in the resource. */
    private void createHttpBootConfig() {
        HTTPBootConfig config = new HTTPBootConfig();
        config.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("machine-3").build());
        HTTPBootConfigSpec spec = new HTTPBootConfigSpec();
        spec.setSystemUUID("4c4c4544-0000-0000-0000-000000000003");
        spec.setNetworkIdentifiers(List.of("127.0.0.1"));
        spec.setUkiURL("http://images.example/machine-3.efi");
        config.setSpec(spec);
        cluster.client().resource(config).create();
    }

    private ServerBootConfiguration sbc(String name) {
        return cluster.client().resources(ServerBootConfiguration.class).inNamespace("default").withName(name).get();
    }

    /** Runs the image's entrypoint script over a jib-like /app holding the built jar, as the container would. */
    private Process launchManager(List<String> args, Map<String, String> env, int... ports) throws Exception {
        Path jar = Path.of(System.getProperty("operator.jar", "target/boot-operator.jar")).toAbsolutePath();
        assertThat(jar).as("the runnable jar; run mvn verify").isRegularFile();
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.createDirectories(app.resolve("libs"));
        Files.createSymbolicLink(app.resolve("libs/boot-operator.jar"), jar);
        for (int port : ports) {
            awaitFree(port);
        }
        List<String> command = new ArrayList<>(List.of("sh", Path.of("src/main/jib/manager").toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("operator.log").toFile());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        builder.environment().put("BOOT_OPERATOR_APP_DIR", app.toString());
        builder.environment().remove("BOOT_OPERATOR_JVM_FLAGS");
        builder.environment().remove("IPXE_SERVER_ADDRESS");
        // In the pod, the namespace (of the Lease) is the service account's; here the kubeconfig context's.
        builder.environment().put("KUBECONFIG", cluster.writeKubeconfig(dir, "mock", NAMESPACE).toString());
        builder.environment().put("HOSTNAME", "upstream-deployment-it");
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Upstream's ports are fixed; another run on this machine may still hold one for a moment. */
    private static void awaitFree(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                return;
            } catch (IOException busy) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " (upstream's) is in use on this machine: " + busy);
                }
                Thread.sleep(500);
            }
        }
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("operator.log"));
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void await(Process process, String what, Check check) throws Exception {
        await(process, what, () -> check.holds() ? Boolean.TRUE : null, v -> v != null);
    }

    private <T> T await(Process process, String what, Read<T> read, java.util.function.Predicate<T> done)
            throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the operator exited with " + process.exitValue() + " before: " + what
                        + "\n" + log());
            }
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what + "\n" + log());
    }

    private static HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(TrustAnyCertificate.sslContext())
                .connectTimeout(Duration.ofSeconds(15)).build();
    }

    private static String get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client().send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    private static X509Certificate served(URI uri) throws Exception {
        HttpResponse<Void> response = client().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding());
        return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    private static void run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("this test needs openssl: apt-get install openssl", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = UpstreamDeploymentIT.class.getResourceAsStream("/upstream/" + name)) {
            assertThat(in).as("test resource upstream/" + name).isNotNull();
            return YAML.readTree(in);
        }
    }

    private static JsonNode container(JsonNode containers, String name) {
        for (JsonNode c : containers) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + containers);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
