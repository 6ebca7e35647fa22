package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.Secret;
import dev.bootoperator.store.DirectoryBootConfigStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, launched as users launch it, on {@code samples/local}: the README's first run. Runs in
 * {@code mvn verify} (failsafe), which passes the jar and samples paths as {@code boot.jar} and {@code boot.samples}.
 */
class BootServerJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UKI = "http://example.invalid/uki.efi";

    @TempDir
    Path logs;
    private Path jar;
    private Path samples;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void locate() {
        jar = Path.of(System.getProperty("boot.jar", "target/boot-jetty-app.jar"));
        samples = Path.of(System.getProperty("boot.samples", "../samples/local"));
        assertThat(jar).as("the shaded jar; run mvn verify").isRegularFile();
        assertThat(samples).isDirectory();
    }

    @AfterEach
    void destroy() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void servesTheSampleMachines() throws Exception {
        Collection<BootResource> manifests;
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(samples)) {
            manifests = store.all();
        }
        IpxeBootConfig ipxe = only(manifests, IpxeBootConfig.class);
        HttpBootConfig http = only(manifests, HttpBootConfig.class);
        String httpIp = http.networkIdentifiers().stream().filter(id -> id.matches("[0-9.]+|.*::.*")).findFirst()
                .orElseThrow(() -> new AssertionError("the HTTP-boot sample lists no IP: " + http.networkIdentifiers()));
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Process server = launch("--config-dir", samples.toString(), "--boot-server-address", "127.0.0.1:" + port,
                "--image-proxy-server-address", "127.0.0.1:" + freePort(), "--image-cache-dir", logs.resolve("cache").toString(),
                "--ipxe-service-url", base, "--default-httpboot-uki-url", UKI);
        awaitHealthy(server, base);

        HttpResponse<String> chain = Http.get(base + "/ipxe");
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(chain.body()).contains("set ipxe-svc " + base).contains("set base-url ${ipxe-svc}/ipxe").contains("chain --replace --autofree ${base-url}/${uuid}");

        HttpResponse<String> script = Http.get(base + "/ipxe/" + ipxe.systemUuid());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("kernel " + ipxe.kernelUrl() + " initrd=initrd")
                .contains("initrd --name initrd " + ipxe.initrdUrl())
                .contains("ignition.config.url=${ipxe-svc}/ignition/${uuid}");
        assertThat(script.body().strip()).endsWith("boot");

        for (String uuid : List.of(ipxe.systemUuid(), http.systemUuid())) {
            HttpResponse<String> ignition = Http.get(base + "/ignition/" + uuid);
            assertThat(ignition.statusCode()).as("/ignition/%s: %s", uuid, ignition.body()).isEqualTo(200);
            assertThat(JSON.readTree(ignition.body()).path("ignition").path("version").asText()).startsWith("3.");
        }
        assertThat(secretFormats(manifests)).as("one Butane and one JSON sample").containsExactlyInAnyOrder("fcos", "");

        HttpResponse<String> boot = Http.get(base + "/httpboot", "X-Forwarded-For", httpIp);
        assertThat(boot.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(boot.body());
        assertThat(answer.path("UKIURL").asText()).isEqualTo(http.ukiUrl().orElseThrow());
        assertThat(answer.path("SystemUUID").asText()).isEqualTo(http.systemUuid());
        assertThat(answer.path("ClientIPs").asText()).isEqualTo(httpIp);

        HttpResponse<String> unmatched = Http.get(base + "/httpboot", "X-Forwarded-For", "192.0.2.99");
        assertThat(JSON.readTree(unmatched.body()).path("UKIURL").asText()).isEqualTo(UKI);

        assertThat(Http.get(base + "/metrics").body()).contains("boot_requests_seconds_count{endpoint=\"ipxe-script\"");
        assertThat(log("out")).contains("try: curl -s " + base + "/ipxe/" + ipxe.systemUuid())
                .contains("set --trusted-proxies to the DHCP relay or load balancer");
    }

    @Test
    void missingConfigDirExitsNonZeroWithOneLineOnStderr() throws Exception {
        Process server = launch("--config-dir", logs.resolve("does-not-exist").toString(),
                "--boot-server-address", "127.0.0.1:" + freePort());

        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
        assertThat(server.exitValue()).isNotZero();
        List<String> err = Files.readAllLines(logs.resolve("err.log"));
        assertThat(err).singleElement().satisfies(line -> assertThat(line)
                .contains("--config-dir").contains("does-not-exist").doesNotContain("Exception"));
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(logs.resolve("out.log").toFile())
                .redirectError(logs.resolve("err.log").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private void awaitHealthy(Process server, String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("boot server exited with " + server.exitValue() + "\nstdout:\n" + log("out")
                        + "\nstderr:\n" + log("err"));
            }
            try {
                if (Http.get(base + "/healthz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("boot server not healthy within 60 s\nstdout:\n" + log("out") + "\nstderr:\n" + log("err"));
    }

    private String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    private static <T> T only(Collection<BootResource> manifests, Class<T> type) {
        List<T> found = manifests.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("exactly one %s in the samples", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static List<String> secretFormats(Collection<BootResource> manifests) {
        return manifests.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(s -> s.value(Secret.IGNITION_KEY).isPresent())
                .map(s -> s.text(Secret.FORMAT_KEY).orElse(""))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
