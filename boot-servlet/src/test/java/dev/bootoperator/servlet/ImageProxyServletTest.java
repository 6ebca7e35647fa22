package dev.bootoperator.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.oci.BlobCache;
import dev.bootoperator.oci.Digest;
import dev.bootoperator.oci.ImageProxy;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.OciLayoutBuilder;
import dev.bootoperator.oci.OciLayoutBuilder.Descriptor;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.oci.TestImages;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageProxyServlet} in a real Jetty, in front of a real {@code docker-registry}. */
class ImageProxyServletTest {
    static final String REPO = "boot/big";
    static final String TAG = "1.0";

    @TempDir
    static Path dir;
    @TempDir
    Path cacheDir;

    static LocalRegistry registry;
    static OciLayoutBuilder layout;
    static Descriptor big;
    static Descriptor uki;

    private BlobCache cache;
    private RunningServer server;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.anonymous(dir);
        layout = new OciLayoutBuilder(dir.resolve("big"));
        big = layout.blob("application/vnd.ironcore.image.squashfs", TestImages.random(24 << 20, 11));
        uki = layout.blob("application/vnd.ironcore.image.uki", TestImages.text("an EFI application"));
        layout.tag(TAG, layout.manifest(List.of(big, uki)));
        layout.push(registry, REPO, TAG);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        cache = BlobCache.open(cacheDir, 1L << 30);
        RegistryClient client = RegistryClient.builder()
                .policy(RegistryPolicy.fromCsv(registry.address(), registry.address())).build();
        server = RunningServer.start(new ImageProxyServlet(ImageProxy.builder(client, cache).build()), "/", "/*");
    }

    @AfterEach
    void stop() {
        server.close();
        cache.close();
    }

    private static String layerPath(Digest digest) {
        return "/image?imageName=" + registry.address() + "/" + REPO + "&version=" + TAG + "&layerDigest=" + digest;
    }

    @Test
    void thirtyTwoClientsOfOneUncachedLayerCauseOneBlobGetAndAllVerify() throws Exception {
        byte[] expected = layout.content(big.digest());
        long before = registry.blobGets(REPO, big.digest());
        ExecutorService clients = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                responses.add(clients.submit(() -> {
                    go.await();
                    return server.getBytes("GET", layerPath(big.digest()));
                }));
            }
            go.countDown();
            for (Future<HttpResponse<byte[]>> f : responses) {
                HttpResponse<byte[]> r = f.get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(expected.length);
                assertThat(Digest.of(r.body())).isEqualTo(big.digest());
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(registry.blobGets(REPO, big.digest()) - before).as("blob GETs the registry saw").isEqualTo(1);
        assertThat(cache.stats().upstreamFetches()).isEqualTo(1);
        assertThat(cache.stats().hits() + cache.stats().misses()).isEqualTo(32);
    }

    @Test
    void headAnswersHeadersOnlyAndARangeGetsA206() throws Exception {
        byte[] whole = layout.content(big.digest());

        HttpResponse<byte[]> head = server.getBytes("HEAD", layerPath(big.digest()));
        HttpResponse<byte[]> range = server.getBytes("GET", layerPath(big.digest()), "Range", "bytes=1000-1999");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(whole.length);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(head.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(head.body()).isEmpty();
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + whole.length);
        assertThat(range.headers().firstValueAsLong("Content-Length")).hasValue(1000);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, 2000));
    }

    @Test
    void theHttpBootPathServesTheUkiAsApplicationEfi() throws Exception {
        String path = "/httpboot/" + registry.address() + "/" + REPO + "/sha256-" + uki.digest().hex() + ".efi";

        HttpResponse<byte[]> head = server.getBytes("HEAD", path);
        HttpResponse<byte[]> get = server.getBytes("GET", path);

        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/efi");
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(uki.size());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(layout.content(uki.digest()));
    }

    @Test
    void errorsAreOneLineOfTextWithTheRightStatus() throws Exception {
        HttpResponse<String> missing = server.get("/image?imageName=" + registry.address() + "/" + REPO);
        HttpResponse<String> forbidden = server.get("/image?imageName=quay.io/os&version=1&layerName=x");
        HttpResponse<String> unknown = server.get("/image?imageName=" + registry.address() + "/" + REPO
                + "&version=2.0&layerName=application/vnd.ironcore.image.uki");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("version").doesNotContain("Exception");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("quay.io");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(unknown.body().lines()).hasSize(1);
    }

    @Test
    void aClientThatLeavesEarlyDoesNotStopTheDownloadForOthers() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + layerPath(big.digest()) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(socket.getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
        }

        HttpResponse<byte[]> r = server.getBytes("GET", layerPath(big.digest()));

        assertThat(Digest.of(r.body())).isEqualTo(big.digest());
        assertThat(cache.stats().upstreamFetches()).isEqualTo(1);
    }

    static void assertAborted(RunningServer server, String path) {
        assertThatThrownBy(() -> server.getBytes("GET", path))
                .as("a body that does not verify must not arrive as a complete response")
                .isInstanceOf(IOException.class);
    }
}
