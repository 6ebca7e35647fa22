package dev.bootoperator.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.BlobCache;
import dev.bootoperator.oci.ImageProxy;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.OciLayoutBuilder;
import dev.bootoperator.oci.OciLayoutBuilder.Descriptor;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.oci.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 layer downloads through a real Jetty, each cut off by its client at a random point, against a real
 * registry: afterwards no download thread, file handle or upstream connection is left over, and the cache holds
 * only verified blobs. Once with the layer cached, once with a cache too small to keep it, so that every request
 * streams from the registry and every abort has to close an upstream connection.
 */
class ClientAbortTest {
    static final String REPO = "boot/abort";
    static final int ABORTS = 1000;

    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static OciLayoutBuilder layout;
    static Descriptor layer;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.anonymous(dir);
        layout = new OciLayoutBuilder(dir.resolve("layout"));
        layer = layout.blob("application/vnd.ironcore.image.squashfs", TestImages.random(4 << 20, 5));
        layout.tag("1.0", layout.manifest(List.of(layer)));
        layout.push(registry, REPO, "1.0");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Established TCP connections of this process to the registry's port, from /proc/net/tcp. */
    static long connectionsToRegistry() throws IOException {
        int port = Integer.parseInt(registry.address().substring(registry.address().lastIndexOf(':') + 1));
        String hexPort = String.format(":%04X", port);
        return Files.readAllLines(Path.of("/proc/net/tcp")).stream().skip(1)
                .map(l -> l.trim().split("\\s+"))
                .filter(f -> f[2].endsWith(hexPort) && f[3].equals("01")) // remote = registry, state ESTABLISHED
                .count();
    }

    static long downloadThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("blob-fetch-")).count();
    }

    @ParameterizedTest(name = "cache bound {0} bytes")
    @ValueSource(longs = {1L << 30, 1L << 20})
    void abortedDownloadsLeaveNothingBehind(long cacheBound, @TempDir Path cacheDir) throws Exception {
        try (BlobCache cache = BlobCache.open(cacheDir, cacheBound);
             RegistryClient client = RegistryClient.builder()
                     .policy(RegistryPolicy.fromCsv(registry.address(), registry.address())).build();
             RunningServer server = RunningServer.start(new ImageProxyServlet(ImageProxy.builder(client, cache).build()),
                     "/", "/*")) {
            String request = "GET /image?imageName=" + registry.address() + "/" + REPO + "&version=1.0&layerDigest="
                    + layer.digest() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            // One complete download first: the cache (or the pass-through path) and the JIT are warm.
            assertThat(fetch(server.port(), request, Long.MAX_VALUE)).isGreaterThan(layer.size());
            long filesBefore = openFiles();
            long connectionsBefore = connectionsToRegistry();

            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Long>> aborted = new ArrayList<>();
            Random random = new Random(7);
            for (int i = 0; i < ABORTS; i++) {
                long cut = random.nextInt((int) layer.size());
                aborted.add(clients.submit(() -> fetch(server.port(), request, cut)));
            }
            for (Future<Long> f : aborted) {
                f.get();
            }
            clients.shutdown();

            assertThat(fetch(server.port(), request, Long.MAX_VALUE)).as("still serves whole layers")
                    .isGreaterThan(layer.size());
            awaitQuiet(() -> {
                try {
                    return downloadThreads() == 0 && openFiles() <= filesBefore + 5
                            && connectionsToRegistry() <= Math.max(connectionsBefore, 8);
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(downloadThreads()).as("download threads").isZero();
            assertThat(openFiles()).as("open file descriptors (were " + filesBefore + ")").isLessThanOrEqualTo(filesBefore + 5);
            assertThat(connectionsToRegistry()).as("connections to the registry (were " + connectionsBefore + ")")
                    .isLessThanOrEqualTo(Math.max(connectionsBefore, 8));
            if (cacheBound > layer.size()) {
                assertThat(cache.stats().upstreamFetches()).as("one download, cached").isEqualTo(1);
            } else {
                assertThat(cache.stats().passThroughs()).as("every request streamed from the registry")
                        .isGreaterThanOrEqualTo(ABORTS);
            }
            try (Stream<Path> files = Files.list(cacheDir.resolve("blobs/sha256"))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("only verified blobs, no partial downloads")
                        .allMatch(name -> name.equals(layer.digest().hex()));
            }
        }
    }

    /** Sends the request, reads up to {@code cut} bytes of the response, then drops the connection. */
    static long fetch(int port, String request, long cut) throws IOException {
        long read = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (read < cut) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, cut - read));
                if (n < 0) {
                    break;
                }
                read += n;
            }
            socket.setSoLinger(true, 0); // a reset, as a firmware that gives up sends
        }
        return read;
    }

    static void awaitQuiet(java.util.function.BooleanSupplier quiet) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (quiet.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // /proc raced with us; look again
            }
            Thread.sleep(100);
        }
    }
}
