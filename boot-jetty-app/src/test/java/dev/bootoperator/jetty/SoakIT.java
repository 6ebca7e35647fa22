package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar under a mixed load ({@code /ipxe/{uuid}}, {@code /ignition/{uuid}}, {@code /httpboot}, {@code /image}
 * layers from a real registry) while its config files are rewritten, rewritten in place, broken and repaired every
 * second. Asserts: no 5xx; no request sees a half-loaded state (every machine always has its script and its
 * Ignition, whose secret lives in the same file); heap after a full GC flat within 10% between the first third and
 * the end. {@code -Dboot.soak.seconds=600} gives the long run; CI runs 60 s (docs/reliability.md).
 */
class SoakIT {
    static final int MACHINES = 200;
    static final long SECONDS = Long.getLong("boot.soak.seconds", 60);

    @TempDir
    Path dir;
    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    static String uuid(int i) {
        return String.format("0b0b0b0b-0000-4000-8000-%012d", i);
    }

    /** Machine {@code i} at {@code version}: its IPXEBootConfig and its Ignition secret in one file. */
    static String machine(int i, int version) {
        return """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: m%1$d
                spec:
                  systemUUID: %2$s
                  systemIPs: [10.1.%3$d.%4$d]
                  kernelURL: http://images/kernel-v%5$d
                  initrdURL: http://images/initrd
                  ignitionSecretRef:
                    name: m%1$d-ignition
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: m%1$d-ignition
                stringData:
                  format: fcos
                  ignition: |
                    variant: fcos
                    version: 1.4.0
                    storage:
                      files:
                        - path: /etc/version
                          contents:
                            inline: "v%5$d"
                """.formatted(i, uuid(i), i / 250, i % 250 + 1, version);
    }

    @Test
    void mixedLoadWithConfigChurnHasNo5xxNoHalfLoadedStateAndAFlatHeap() throws Exception {
        Path jar = Path.of(System.getProperty("boot.jar", "target/boot-jetty-app.jar"));
        assertThat(jar).as("the shaded jar; run mvn verify").isRegularFile();
        Path config = Files.createDirectories(dir.resolve("config"));
        for (int i = 0; i < MACHINES; i++) {
            Files.writeString(config.resolve("m" + i + ".yaml"), machine(i, 0));
        }
        Files.writeString(config.resolve("http.yaml"), """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: HTTPBootConfig
                metadata:
                  name: h
                spec:
                  systemUUID: 8d2e7f3a-55b1-4c1e-9a0b-2f6c3d4e5a61
                  networkIdentifiers: [10.9.9.9]
                  ukiURL: http://images/uki.efi
                """);
        Path registryDir = Files.createDirectories(dir.resolve("registry"));
        try (LocalRegistry registry = LocalRegistry.anonymous(registryDir)) {
            TestImages images = new TestImages(registryDir);
            images.pushAll(registry);
            int port = freePort();
            int imagePort = freePort();
            server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-jar", jar.toString(), "--config-dir", config.toString(),
                    "--boot-server-address", "127.0.0.1:" + port, "--image-proxy-server-address", "127.0.0.1:" + imagePort,
                    "--ipxe-service-url", "http://127.0.0.1:" + port, "--image-cache-dir", dir.resolve("cache").toString(),
                    "--allowed-registries", registry.address(), "--insecure-registries", registry.address())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            String base = "http://127.0.0.1:" + port;
            String image = "http://127.0.0.1:" + imagePort + "/image?imageName=" + registry.address() + "/"
                    + TestImages.MULTI_ARCH + "&version=" + TestImages.TAG + "&layerDigest=";
            List<String> layers = List.of(images.amd64Kernel.digest().toString(), images.amd64Squashfs.digest().toString());
            awaitStatus(base + "/ipxe/" + uuid(MACHINES - 1), 200);

            AtomicBoolean running = new AtomicBoolean(true);
            Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService load = Executors.newFixedThreadPool(6);
            for (int t = 0; t < 6; t++) {
                int seed = t;
                load.submit(() -> drive(seed, base, image, layers, running, outcomes, problems));
            }
            Thread churn = new Thread(() -> churn(config, running, problems), "config-churn");
            churn.start();

            long start = System.nanoTime();
            long third = Duration.ofSeconds(SECONDS).toNanos() / 3;
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(third));
            long heapEarly = heapAfterFullGc(server.pid());
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(Duration.ofSeconds(SECONDS).toNanos()
                    - (System.nanoTime() - start))));
            running.set(false);
            churn.join(10_000);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            long heapLate = heapAfterFullGc(server.pid());

            long total = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
            String summary = "outcomes " + outcomes + ", heap after full GC " + heapEarly / 1024 + " KiB at "
                    + SECONDS / 3 + " s and " + heapLate / 1024 + " KiB at " + SECONDS + " s";
            System.out.println("soak: " + SECONDS + " s, " + total + " requests; " + summary);
            assertThat(problems).as(summary).isEmpty();
            assertThat(outcomes.keySet()).as(summary).allMatch(k -> !k.endsWith(" 5xx"));
            assertThat(total).as("requests made").isGreaterThan(SECONDS * 100);
            assertThat((double) heapLate).as(summary).isLessThanOrEqualTo(heapEarly * 1.10);
        }
    }

    private static void drive(int seed, String base, String image, List<String> layers, AtomicBoolean running,
            Map<String, LongAdder> outcomes, List<String> problems) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(seed);
        Pattern kernel = Pattern.compile("kernel http://images/kernel-v(\\d+) ");
        while (running.get()) {
            int i = random.nextInt(MACHINES);
            int kind = random.nextInt(20);
            String what;
            String url;
            if (kind < 8) {
                what = "ipxe";
                url = base + "/ipxe/" + uuid(i);
            } else if (kind < 16) {
                what = "ignition";
                url = base + "/ignition/" + uuid(i);
            } else if (kind < 19) {
                what = "httpboot";
                url = base + "/httpboot";
            } else {
                what = "image";
                url = image + layers.get(random.nextInt(layers.size()));
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
                if (what.equals("httpboot")) {
                    request.header("X-Forwarded-For", "10.9.9.9");
                }
                HttpResponse<byte[]> r = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = r.statusCode();
                outcomes.computeIfAbsent(what + " " + (status / 100) + "xx", k -> new LongAdder()).increment();
                if (status != 200) {
                    problems.add(what + " " + url + " -> " + status + " " + new String(r.body(), StandardCharsets.UTF_8));
                } else if (what.equals("ipxe")) {
                    Matcher m = kernel.matcher(new String(r.body(), StandardCharsets.UTF_8));
                    if (!m.find()) {
                        problems.add("ipxe " + uuid(i) + ": no versioned kernel line");
                    }
                } else if (what.equals("ignition") && !new String(r.body(), StandardCharsets.UTF_8).contains("\"/etc/version\"")) {
                    problems.add("ignition " + uuid(i) + ": not the translated Butane");
                }
            } catch (IOException | InterruptedException e) {
                problems.add(what + " " + url + ": " + e);
            }
            if (problems.size() > 20) {
                return;
            }
        }
    }

    /**
     * Every second, for a few random machines: an atomic rewrite to a new version, an in-place rewrite (truncate,
     * then write), a broken file (invalid YAML) and its repair one round later.
     */
    private static void churn(Path config, AtomicBoolean running, List<String> problems) {
        Random random = new Random(99);
        int version = 1;
        List<Integer> broken = new ArrayList<>();
        try {
            while (running.get()) {
                for (int b : broken) {
                    Files.writeString(config.resolve("m" + b + ".yaml"), machine(b, version));
                }
                broken.clear();
                for (int k = 0; k < 5; k++) {
                    int i = random.nextInt(MACHINES);
                    Path file = config.resolve("m" + i + ".yaml");
                    switch (k % 3) {
                        case 0 -> {
                            Path tmp = config.resolve(".m" + i + ".tmp");
                            Files.writeString(tmp, machine(i, version));
                            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        }
                        case 1 -> Files.writeString(file, machine(i, version)); // in place: truncate, then write
                        default -> {
                            Files.writeString(file, "apiVersion: boot.ironcore.dev/v1alpha1\nkind: IPXEBootConfig\nspec: [broken\n");
                            broken.add(i);
                        }
                    }
                }
                version++;
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException e) {
            problems.add("churn: " + e);
        }
    }

    /** Used heap after {@code jcmd GC.run}, from {@code GC.heap_info}. */
    private static long heapAfterFullGc(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), Long.toString(pid), "GC.run");
        String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        assertThat(m.find()).as("GC.heap_info: " + info).isTrue();
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private void awaitStatus(String url, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server log:\n" + Files.readString(dir.resolve("server.log"))).isTrue();
            try {
                if (Http.get(url).statusCode() == status) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " not " + status + " within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
