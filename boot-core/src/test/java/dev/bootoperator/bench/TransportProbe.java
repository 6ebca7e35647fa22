package dev.bootoperator.bench;

import dev.bootoperator.oci.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one blob from a registry with each HTTP client in turn, into a 64 KiB array that is discarded, and prints
 * MiB/s per client: the transport alone, next to the pieces a cold cache fill adds (SHA-256, a file write). Not a
 * test; run by {@code boot-jetty-app/bench/transport-probe.sh}, which starts a registry with one blob.
 *
 * <pre>
 * java -cp CLASSPATH dev.bootoperator.bench.TransportProbe URL ROUNDS TMPDIR [MODE...]
 * </pre>
 *
 * Modes: {@code jdk-httpclient} ({@code java.net.http.HttpClient}, {@code BodyHandlers.ofInputStream()}),
 * {@code urlconnection} ({@code HttpURLConnection}), {@code transport} (boot-core's {@link HttpTransport#stream}
 * as shipped), {@code urlconnection+sha256}, {@code urlconnection+sha256+file} (hash and write on the reading
 * thread, one after the other), {@code sha256-only} and {@code file-only} (the same work on bytes already in
 * memory, to time each piece alone). The order of the modes rotates from round to round. Besides MiB/s it prints
 * the process's CPU seconds per GiB, which on a machine of 2 cores matters as much as the speed.
 */
public final class TransportProbe {
    private static final int BUFFER = 64 * 1024;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private TransportProbe() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path tmp = Path.of(args[2]);
        List<String> modes = args.length > 3 ? List.of(args).subList(3, args.length)
                : List.of("jdk-httpclient", "urlconnection", "transport", "urlconnection+sha256",
                        "urlconnection+sha256+file", "sha256-only", "file-only");
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpTransport transport = new HttpTransport(Duration.ofSeconds(10), Duration.ofSeconds(30));
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        modes.forEach(m -> results.put(m, new ArrayList<>()));
        modes.forEach(m -> cpu.put(m, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < modes.size(); i++) {
                String mode = modes.get((i + round) % modes.size());
                long start = System.nanoTime();
                long cpu0 = OS.getProcessCpuTime();
                long bytes = run(mode, uri, jdk, transport, tmp);
                double mibs = bytes / 1048576.0 / ((System.nanoTime() - start) / 1e9);
                double cpuPerGiB = (OS.getProcessCpuTime() - cpu0) / 1e9 / (bytes / 1073741824.0);
                results.get(mode).add(mibs);
                cpu.get(mode).add(cpuPerGiB);
                System.err.printf("round %d %-28s %8.0f MiB/s, %5.2f s CPU per GiB (%d bytes)%n", round + 1, mode, mibs,
                        cpuPerGiB, bytes);
            }
        }
        System.out.printf("%-28s %-36s %s%n", "mode", "MiB/s per round (1st: JIT warm-up)", "process CPU s per GiB");
        results.forEach((mode, figures) -> System.out.printf("%-28s %-36s %s%n", mode,
                figures.stream().map(f -> String.format("%.0f", f)).toList(),
                cpu.get(mode).stream().map(f -> String.format("%.2f", f)).toList()));
        transport.close();
    }

    private static long run(String mode, URI uri, HttpClient jdk, HttpTransport transport, Path tmp) throws Exception {
        switch (mode) {
            case "jdk-httpclient": {
                HttpResponse<InputStream> r = jdk.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    return drain(in, null, null);
                }
            }
            case "transport": {
                HttpResponse<InputStream> r = transport.stream(HttpRequest.newBuilder(uri).build());
                try (InputStream in = r.body()) {
                    return drain(in, null, null);
                }
            }
            case "urlconnection":
                return urlConnection(uri, null, null);
            case "urlconnection+sha256":
                return urlConnection(uri, MessageDigest.getInstance("SHA-256"), null);
            case "urlconnection+sha256+file": {
                Path file = Files.createTempFile(tmp, "probe", ".bin");
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    return urlConnection(uri, MessageDigest.getInstance("SHA-256"), out);
                } finally {
                    Files.delete(file);
                }
            }
            case "sha256-only":
                return inMemory(MessageDigest.getInstance("SHA-256"), tmp);
            case "file-only":
                return inMemory(null, tmp);
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static long urlConnection(URI uri, MessageDigest sha, FileChannel out) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        try (InputStream in = c.getInputStream()) {
            return drain(in, sha, out);
        }
    }

    private static long drain(InputStream in, MessageDigest sha, FileChannel out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (sha != null) {
                sha.update(buffer, 0, n);
            }
            if (out != null) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        }
        if (sha != null) {
            sha.digest();
        }
        return total;
    }

    /** 512 MiB of one 64 KiB array through SHA-256, or written to a new file: each piece without the network. */
    private static long inMemory(MessageDigest sha, Path tmp) throws IOException {
        byte[] buffer = new byte[BUFFER];
        new java.util.Random(1).nextBytes(buffer);
        long total = 512L << 20;
        if (sha != null) {
            for (long done = 0; done < total; done += BUFFER) {
                sha.update(buffer);
            }
            sha.digest();
            return total;
        }
        Path file = Files.createTempFile(tmp, "probe", ".bin");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long done = 0; done < total; done += BUFFER) {
                ByteBuffer b = ByteBuffer.wrap(buffer);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        } finally {
            Files.delete(file);
        }
        return total;
    }
}
