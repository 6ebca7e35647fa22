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
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (surefire's default includes skip {@code *Benchmark}): the operator jar under upstream's container
 * limits, {@code memory: 128Mi} and {@code cpu: 500m}, enforced by a cgroup of its own (v1 or v2; needs root), with
 * the JVM flags the image bakes in ({@code operator.jvm.flags} in boot-operator/pom.xml, or {@code -Dbench.jvmFlags}).
 * A mock API server holds 1,000 Servers and ServerBootConfigurations on one image in a real docker-registry; the jar
 * reconciles them all to Ready, then serves every machine its iPXE script, Ignition and {@code /httpboot} answer. It
 * reports the peak RSS ({@code VmHWM}), the cgroup's peak charge, OOM kills, and Native Memory Tracking's summary.
 * Run it through {@code boot-operator/bench/operator-memory.sh}; see docs/benchmarks.md, "Operator memory".
 */
class OperatorMemoryBenchmark {
    private static final String NS = "default";
    private static final String IMAGE_FLAGS_PROPERTY = "operator.jvm.flags";

    @TempDir
    Path dir;

    @Test
    void thousandMachinesUnderUpstreamsLimits() throws Exception {
        int count = Integer.getInteger("bench.count", 1000);
        long limitMiB = Long.getLong("bench.memoryLimitMiB", 128);
        int cpuMillis = Integer.getInteger("bench.cpuMillis", 500);
        String flags = System.getProperty("bench.jvmFlags", System.getProperty(IMAGE_FLAGS_PROPERTY, ""));
        Path jar = Path.of(System.getProperty("operator.jar", "target/boot-operator.jar"));
        assertThat(jar).as("the runnable jar; run ./mvnw -pl boot-operator -am package -DskipTests").isRegularFile();

        try (LocalRegistry registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")));
             MockCluster cluster = MockCluster.start();
             LimitedCgroup cgroup = LimitedCgroup.create("boot-operator-bench-" + ProcessHandle.current().pid(),
                     limitMiB << 20, cpuMillis)) {
            TestImages images = new TestImages(Files.createDirectories(dir.resolve("images")));
            images.multiArch.push(registry, TestImages.MULTI_ARCH, TestImages.TAG);
            String image = registry.address() + "/" + TestImages.MULTI_ARCH + ":" + TestImages.TAG;
            KubernetesClient client = cluster.client();
            client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("ignition")
                    .endMetadata().withStringData(Map.of("ignition", "{\"ignition\":{\"version\":\"3.3.0\"}}")).build())
                    .create();
            for (int i = 0; i < count; i++) {
                createMachine(client, i, image);
            }

            int boot = freePort();
            int probes = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(Arrays.asList(flags.trim().split("\\s+")));
            command.removeIf(String::isEmpty);
            command.addAll(List.of("-XX:NativeMemoryTracking=summary", "-jar", jar.toString(),
                    "--boot-server-address=127.0.0.1:" + boot, "--image-proxy-server-address=127.0.0.1:" + freePort(),
                    "--health-probe-bind-address=127.0.0.1:" + probes, "--metrics-bind-address=127.0.0.1:" + freePort(),
                    "--ipxe-service-url=http://127.0.0.1:" + boot, "--image-server-url=http://127.0.0.1:" + boot + "/httpboot",
                    "--allowed-registries=" + registry.address(), "--insecure-registries=" + registry.address()));
            Path log = dir.resolve("operator.log");
            ProcessBuilder builder = cgroup.wrap(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("KUBECONFIG", cluster.writeKubeconfig(dir, "mock").toString());
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            long start = System.nanoTime();
            Process operator = builder.start();
            RssSampler rss = new RssSampler(operator.pid());
            rss.start();
            long readyMs = -1;
            ServedCounts served = new ServedCounts(0, 0, 0);
            String nmt = "";
            String threads = "Threads: ?";
            try {
                readyMs = (awaitReady(client, operator, count, log) - start) / 1_000_000;
                served = serveEveryMachine(boot, count);
                Thread.sleep(2_000);
                assertThat(operator.isAlive()).as("the operator is alive after serving\n%s", tail(log)).isTrue();
                nmt = jcmd(operator.pid(), "VM.native_memory", "summary") + "\nThreads by name:\n"
                        + threadNames(jcmd(operator.pid(), "Thread.print")) + "\nLive heap after a full GC (top 12):\n"
                        + jcmd(operator.pid(), "GC.class_histogram").lines().skip(1).limit(15)
                                .collect(java.util.stream.Collectors.joining("\n"))
                        + "\n" + jcmd(operator.pid(), "GC.class_histogram").lines()
                                .filter(l -> l.startsWith("Total")).findFirst().orElse("");
                threads = Files.readAllLines(Path.of("/proc/" + operator.pid() + "/status")).stream()
                        .filter(l -> l.startsWith("Threads:")).findFirst().orElse(threads);
            } finally {
                // Printed whatever happened: the peak of a run that was OOM-killed is a figure too.
                System.out.printf("%nBENCH count=%d limit_mib=%d cpu_millis=%d flags=\"%s\" alive=%s all_ready_ms=%d "
                                + "ipxe_200=%d ignition_200=%d httpboot_200=%d peak_rss_mib=%.1f peak_anon_mib=%.1f rss_now_mib=%.1f "
                                + "cgroup_peak_mib=%.1f oom_kills=%d %s%n%n%s%n",
                        count, limitMiB, cpuMillis, flags, operator.isAlive(), readyMs, served.ipxe, served.ignition,
                        served.httpBoot, rss.peakKiB() / 1024.0, rss.peakAnonKiB() / 1024.0, rss.nowKiB() / 1024.0, cgroup.peakBytes() / 1048576.0,
                        cgroup.oomKills(), threads.replace(":\t", "="), nmt);
                rss.interrupt();
                operator.destroy();
                if (!operator.waitFor(15, TimeUnit.SECONDS)) {
                    operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertThat(cgroup.oomKills()).as("OOM kills in the operator's cgroup").isZero();
            assertThat(served.ipxe).as("iPXE scripts served").isEqualTo(count);
            assertThat(served.ignition).as("Ignition served").isEqualTo(count);
            assertThat(served.httpBoot).as("/httpboot answers for the machines' IPs").isEqualTo(count);
        }
    }

    private static void createMachine(KubernetesClient client, int i, String image) {
        Server server = new Server();
        server.setMetadata(new ObjectMetaBuilder().withName("server-" + i).build());
        ServerSpec spec = new ServerSpec();
        spec.setSystemUUID(uuid(i));
        server.setSpec(spec);
        Server created = client.resources(Server.class).resource(server).create();
        ServerStatus status = new ServerStatus();
        status.setNetworkInterfaces(List.of(new NetworkInterface("eth0", ip(i), String.format("aa:bb:cc:00:%02x:%02x", i / 256, i % 256))));
        created.setStatus(status);
        client.resources(Server.class).resource(created).updateStatus();
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("sbc-" + i).build());
        ServerBootConfigurationSpec sbcSpec = new ServerBootConfigurationSpec();
        sbcSpec.setServerRef(new SecretRef("server-" + i));
        sbcSpec.setImage(image);
        sbcSpec.setIgnitionSecretRef(new SecretRef("ignition"));
        sbc.setSpec(sbcSpec);
        client.resources(ServerBootConfiguration.class).resource(sbc).create();
    }

    private static String uuid(int i) {
        return String.format("4c4c4544-0000-0000-0000-%012d", i);
    }

    private static String ip(int i) {
        return "10.1." + (i / 256) + "." + (i % 256);
    }

    private static long awaitReady(KubernetesClient client, Process operator, int count, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!operator.isAlive()) {
                throw new AssertionError("the operator exited with " + operator.exitValue()
                        + " (137 = killed, e.g. by the OOM killer) before all were Ready\n" + tail(log));
            }
            long ready;
            try {
                ready = client.resources(ServerBootConfiguration.class).inNamespace(NS).list().getItems().stream()
                        .filter(s -> s.getStatus() != null && BootConfigStatus.READY.equals(s.getStatus().getState()))
                        .count();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // the mock API server, in this JVM, can be slow to answer 1,000 objects on a busy machine: ask again
                Thread.sleep(1_000);
                continue;
            }
            if (ready == count) {
                return System.nanoTime();
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("not all " + count + " ServerBootConfigurations Ready within 15 minutes\n" + tail(log));
    }

    private record ServedCounts(int ipxe, int ignition, int httpBoot) {
    }

    /** Every machine once, from two client threads: iPXE script, Ignition and /httpboot by its IP. */
    private static ServedCounts serveEveryMachine(int port, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong ipxe = new AtomicLong();
        AtomicLong ignition = new AtomicLong();
        AtomicLong httpBoot = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                for (int i = first; i < count; i += 2) {
                    String base = "http://127.0.0.1:" + port;
                    if (ok(http, HttpRequest.newBuilder(URI.create(base + "/ipxe/" + uuid(i))).build())) {
                        ipxe.incrementAndGet();
                    }
                    if (ok(http, HttpRequest.newBuilder(URI.create(base + "/ignition/" + uuid(i))).build())) {
                        ignition.incrementAndGet();
                    }
                    if (ok(http, HttpRequest.newBuilder(URI.create(base + "/httpboot"))
                            .header("X-Forwarded-For", ip(i)).build())) {
                        httpBoot.incrementAndGet();
                    }
                }
            }, "boot-client-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new ServedCounts(ipxe.intValue(), ignition.intValue(), httpBoot.intValue());
    }

    private static boolean ok(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String jcmd(long pid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** Thread names with their numbers stripped, counted: where the threads come from. */
    private static String threadNames(String dump) {
        Map<String, Long> names = new java.util.TreeMap<>();
        dump.lines().filter(l -> l.startsWith("\"")).map(l -> l.substring(1, l.indexOf('"', 1)).replaceAll("[0-9]+", "N"))
                .forEach(n -> names.merge(n, 1L, Long::sum));
        StringBuilder out = new StringBuilder();
        names.forEach((n, c) -> out.append(String.format("  %3d %s%n", c, n)));
        return out.toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Samples {@code VmRSS}, {@code VmHWM} and {@code RssAnon} of a process every 200 ms. The RSS also counts file
     * pages (the JDK's CDS archive, libjvm, the jar) that the kernel can drop under the limit and read again.
     */
    private static final class RssSampler extends Thread {
        private final Path status;
        private volatile long peakKiB;
        private volatile long nowKiB;
        private volatile long peakAnonKiB;

        RssSampler(long pid) {
            super("rss-sampler");
            setDaemon(true);
            status = Path.of("/proc/" + pid + "/status");
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                sample();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peakKiB = Math.max(peakKiB, kib(line));
                    } else if (line.startsWith("VmRSS:")) {
                        nowKiB = kib(line);
                    } else if (line.startsWith("RssAnon:")) {
                        peakAnonKiB = Math.max(peakAnonKiB, kib(line));
                    }
                }
            } catch (IOException e) {
                // the process has exited; the last sample stands
            }
        }

        long peakKiB() {
            sample();
            return peakKiB;
        }

        long nowKiB() {
            sample();
            return nowKiB;
        }

        /** The largest anonymous part of the RSS sampled: what the kernel cannot reclaim but by killing. */
        long peakAnonKiB() {
            sample();
            return peakAnonKiB;
        }

        private static long kib(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
    }

    /**
     * A child of this process's own memory and cpu cgroups with a memory limit (no swap) and a CPU quota, as the
     * kubelet sets for a container's {@code resources.limits}. The JVM in it sees the limits as a container's.
     */
    private record LimitedCgroup(List<Path> dirs, Path memory, boolean v2) implements AutoCloseable {
        static LimitedCgroup create(String name, long limitBytes, int cpuMillis) throws IOException {
            Path unified = Path.of("/sys/fs/cgroup/cgroup.controllers");
            if (Files.isRegularFile(unified)) {
                Path dir = Path.of("/sys/fs/cgroup" + ownCgroup("")).resolve(name);
                mkdir(dir);
                write(dir.resolve("memory.max"), Long.toString(limitBytes));
                write(dir.resolve("memory.swap.max"), "0");
                write(dir.resolve("cpu.max"), (cpuMillis * 100) + " 100000");
                return new LimitedCgroup(List.of(dir), dir, true);
            }
            Path memory = Path.of("/sys/fs/cgroup/memory" + ownCgroup("memory")).resolve(name);
            Path cpu = Path.of("/sys/fs/cgroup/cpu" + ownCgroup("cpu")).resolve(name);
            mkdir(memory);
            mkdir(cpu);
            write(memory.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
            if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(limitBytes));
            }
            write(cpu.resolve("cpu.cfs_period_us"), "100000");
            write(cpu.resolve("cpu.cfs_quota_us"), Integer.toString(cpuMillis * 100));
            return new LimitedCgroup(List.of(memory, cpu), memory, false);
        }

        /** The command, started inside the cgroup: a shell joins it, then execs the command. */
        ProcessBuilder wrap(List<String> command) {
            StringBuilder join = new StringBuilder();
            for (Path dir : dirs) {
                join.append("echo $$ > ").append(dir.resolve("cgroup.procs")).append(" && ");
            }
            List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", join + "exec \"$@\"", "sh"));
            wrapped.addAll(command);
            return new ProcessBuilder(wrapped);
        }

        long peakBytes() throws IOException {
            Path peak = memory.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
            return Files.exists(peak) ? Long.parseLong(Files.readString(peak).trim()) : -1;
        }

        long oomKills() throws IOException {
            Path events = memory.resolve(v2 ? "memory.events" : "memory.oom_control");
            return Files.readAllLines(events).stream().filter(l -> l.startsWith("oom_kill "))
                    .mapToLong(l -> Long.parseLong(l.substring("oom_kill ".length()).trim())).sum();
        }

        @Override
        public void close() throws IOException {
            for (Path dir : dirs) {
                for (int i = 0; i < 50 && Files.exists(dir); i++) {
                    try {
                        Files.delete(dir);
                    } catch (IOException stillBusy) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }

        private static String ownCgroup(String controller) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (Arrays.asList(parts[1].split(",")).contains(controller) || (controller.isEmpty() && parts[1].isEmpty())) {
                    return parts[2].equals("/") ? "" : parts[2];
                }
            }
            throw new IllegalStateException("no " + (controller.isEmpty() ? "cgroup v2" : controller) + " cgroup in /proc/self/cgroup");
        }

        private static void mkdir(Path dir) throws IOException {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("cannot create cgroup " + dir + " (the benchmark needs root and a writable cgroup "
                        + "file system to set upstream's limits): " + e.getMessage(), e);
            }
        }

        private static void write(Path file, String value) throws IOException {
            Files.writeString(file, value);
        }
    }
}
