package dev.bootoperator.servlet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.bootoperator.oci.BlobCache;
import dev.bootoperator.oci.Digest;
import dev.bootoperator.oci.ImageProxy;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.oci.TestImages;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream faults a real registry will not produce on demand (WireMock), seen by an HTTP client of the proxy: a
 * body that does not verify never arrives as a complete response, and nothing is cached.
 */
class ImageProxyFaultsTest {
    static final String REPO = "boot/os";
    /** Larger than the servlet's buffer, so bytes reach the client before the digest can fail. */
    static final byte[] BLOB = TestImages.random(2 << 20, 7);
    static final Digest DIGEST = Digest.of(BLOB);

    @TempDir
    Path cacheDir;
    WireMockServer registry;
    BlobCache cache;
    RunningServer server;

    @BeforeEach
    void start() throws Exception {
        registry = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        registry.start();
        String address = "127.0.0.1:" + registry.port();
        registry.stubFor(get("/v2/").willReturn(ok("{}")));
        byte[] manifest = new ObjectMapper().writeValueAsBytes(Map.of(
                "schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json",
                        "digest", Digest.of("{}".getBytes()).toString(), "size", 2),
                "layers", List.of(Map.of("mediaType", "application/vnd.ironcore.image.squashfs",
                        "digest", DIGEST.toString(), "size", BLOB.length))));
        registry.stubFor(get(urlEqualTo("/v2/" + REPO + "/manifests/1.0")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json").withBody(manifest)));
        cache = BlobCache.open(cacheDir, 1L << 30);
        RegistryClient client = RegistryClient.builder().policy(RegistryPolicy.fromCsv(address, address))
                .readTimeout(java.time.Duration.ofMillis(500)).build();
        server = RunningServer.start(new ImageProxyServlet(ImageProxy.builder(client, cache).build()), "/", "/*");
    }

    @AfterEach
    void stop() {
        server.close();
        cache.close();
        registry.stop();
    }

    /** By media type, so the manifest states the size the body must have. */
    private String path() {
        return "/image?imageName=127.0.0.1:" + registry.port() + "/" + REPO
                + "&version=1.0&layerName=application/vnd.ironcore.image.squashfs";
    }

    private void blobAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        registry.stubFor(get(urlEqualTo("/v2/" + REPO + "/blobs/" + DIGEST)).willReturn(response));
    }

    @Test
    void wrongBytesOfTheRightLengthAbortTheResponseAndAreNotCached() {
        byte[] wrong = BLOB.clone();
        wrong[wrong.length - 1] ^= 1;
        blobAnswers(aResponse().withStatus(200).withBody(wrong));

        ImageProxyServletTest.assertAborted(server, path());

        assertThat(cache.stats().bytesCached()).isZero();
        assertThat(cache.stats().verifyFailures()).isEqualTo(1);
    }

    @Test
    void byDigestTheRegistrysHeadGivesTheSizeAndWrongBytesStillAbort() {
        registry.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(urlEqualTo("/v2/" + REPO + "/blobs/" + DIGEST))
                .willReturn(ok().withHeader("Content-Length", Integer.toString(BLOB.length))));
        byte[] wrong = BLOB.clone();
        wrong[0] ^= 1;
        blobAnswers(aResponse().withStatus(200).withBody(wrong));

        ImageProxyServletTest.assertAborted(server, "/image?imageName=127.0.0.1:" + registry.port() + "/" + REPO
                + "&version=1.0&layerDigest=" + DIGEST);

        assertThat(cache.stats().bytesCached()).isZero();
        assertThat(cache.stats().verifyFailures()).isEqualTo(1);
    }

    @Test
    void aBodyCutShortIsNeverACompleteResponseAndIsNotCached() throws Exception {
        blobAnswers(aResponse().withStatus(200).withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        try {
            HttpResponse<byte[]> r = server.getBytes("GET", path());
            assertThat(r.statusCode()).as("a cut before anything was sent may be answered as a 502").isEqualTo(502);
            assertThat(new String(r.body())).contains("layer unavailable");
        } catch (IOException aborted) {
            // the other acceptable outcome: the connection was cut short of its Content-Length
        }

        assertThat(cache.stats().bytesCached()).isZero();
    }

    @Test
    void aConnectionResetByTheRegistryIsNeverACompleteResponseAndIsNotCached() throws Exception {
        blobAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        try {
            HttpResponse<byte[]> r = server.getBytes("GET", path());
            assertThat(r.statusCode()).as("a reset before anything was sent is answered as a 502").isEqualTo(502);
        } catch (IOException aborted) {
            // the other acceptable outcome: the connection was cut short of its Content-Length
        }

        assertThat(cache.stats().bytesCached()).isZero();
    }

    @Test
    void aStallMidStreamHitsTheReadTimeoutAbortsAndCachesNothing() {
        // The body arrives in two halves 3 s apart; the read timeout is 0.5 s.
        blobAnswers(aResponse().withStatus(200).withBody(BLOB).withChunkedDribbleDelay(2, 3000));

        ImageProxyServletTest.assertAborted(server, path());

        assertThat(cache.stats().bytesCached()).isZero();
    }

    @Test
    void aBlobWhoseContentLengthDiffersFromTheManifestIsA502BeforeAnyByte() throws Exception {
        byte[] shorter = java.util.Arrays.copyOf(BLOB, BLOB.length - 10);
        blobAnswers(aResponse().withStatus(200).withHeader("Content-Length", Integer.toString(shorter.length))
                .withBody(shorter));

        HttpResponse<String> r = server.get(path());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains(DIGEST.toString());
        assertThat(cache.stats().bytesCached()).isZero();
    }

    @Test
    void aBlobShorterThanTheManifestSaysWithoutAContentLengthIsAborted() {
        blobAnswers(aResponse().withStatus(200).withBody(java.util.Arrays.copyOf(BLOB, BLOB.length - 10)));

        ImageProxyServletTest.assertAborted(server, path());

        assertThat(cache.stats().bytesCached()).isZero();
    }

    @Test
    void aRegistry5xxIsA502() throws Exception {
        blobAnswers(aResponse().withStatus(503).withBody("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"down\"}]}"));

        HttpResponse<String> r = server.get(path());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("127.0.0.1:" + registry.port()).doesNotContain("Exception");
        assertThat(cache.stats().bytesCached()).isZero();
    }
}
