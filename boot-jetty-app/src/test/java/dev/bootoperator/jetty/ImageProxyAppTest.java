package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's image proxy port, its flags and metrics, against a real {@code docker-registry}. */
class ImageProxyAppTest {
    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static TestImages images;

    @TempDir
    Path configDir;
    @TempDir
    Path cacheDir;
    private BootServer server;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.anonymous(dir);
        images = new TestImages(dir);
        images.pushAll(registry);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String image(String repository) {
        return registry.address() + "/" + repository + ":" + TestImages.TAG;
    }

    @Test
    void prefetchedLayersAreServedFromTheCacheAndCountedAsHits() throws Exception {
        String kernelGetsBefore = "" + registry.blobGets(TestImages.MULTI_ARCH, images.amd64Kernel.digest());
        server = BootServer.start(BootServerMain.parse(new String[] {"--config-dir", configDir.toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:0",
                "--image-cache-dir", cacheDir.toString(), "--allowed-registries", registry.address(),
                "--insecure-registries", registry.address(), "--prefetch", image(TestImages.MULTI_ARCH)}, Map.of()));
        String metrics = server.uri() + "/metrics";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.imageCacheStats().upstreamFetches() < 4 || server.imageCacheStats().bytesCached() == 0) {
            assertThat(System.nanoTime()).as("prefetch of 4 layers within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        while (server.imageCacheStats().bytesCached() < images.amd64Squashfs.size()) {
            assertThat(System.nanoTime()).as("prefetched layers committed within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }

        HttpResponse<byte[]> kernel = Http.getBytes(server.imageUri() + "/image?imageName=" + registry.address() + "/"
                + TestImages.MULTI_ARCH + "&version=" + TestImages.TAG + "&layerDigest=" + images.amd64Kernel.digest());

        assertThat(kernel.statusCode()).isEqualTo(200);
        assertThat(kernel.body()).isEqualTo(images.multiArch.content(images.amd64Kernel.digest()));
        // A range of a cached layer goes through the memory-mapped path.
        byte[] squashfs = images.multiArch.content(images.amd64Squashfs.digest());
        HttpResponse<byte[]> range = Http.getBytes(server.imageUri() + "/image?imageName=" + registry.address() + "/"
                + TestImages.MULTI_ARCH + "&version=" + TestImages.TAG + "&layerDigest=" + images.amd64Squashfs.digest(),
                "Range", "bytes=100000-2000000");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(squashfs, 100000, 2000001));
        assertThat(registry.blobGets(TestImages.MULTI_ARCH, images.amd64Kernel.digest()))
                .as("only the prefetch fetched the kernel").isEqualTo(Long.parseLong(kernelGetsBefore) + 1);
        String exposition = Http.get(metrics).body();
        assertThat(BootServerTest.sample(exposition, "boot_image_cache_hits_total", ""))
                .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(BootServerTest.sample(exposition, "boot_image_cache_misses_total", ""))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(4));
        assertThat(BootServerTest.sample(exposition, "boot_image_cache_upstream_fetches_total", ""))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(4));
        assertThat(BootServerTest.sample(exposition, "boot_requests_seconds_count", "endpoint=\"image\",outcome=\"success\""))
                .as("the full GET and the range").hasValueSatisfying(v -> assertThat(v).isEqualTo(2));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/httpboot", ""})
    void theDefaultUkiFromAnOciImageWinsAndIsServedAsEfiOnTheProxyPort(String imageServerPath) throws Exception {
        // a Go user's value (…/httpboot) and the path-less one this README gave before give the same URL
        int imagePort = freePort();
        server = BootServer.start(BootServerMain.parse(new String[] {"--config-dir", configDir.toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:" + imagePort,
                "--image-cache-dir", cacheDir.toString(), "--allowed-registries", registry.address(),
                "--insecure-registries", registry.address(), "--image-server-url", "http://127.0.0.1:" + imagePort + imageServerPath,
                "--default-httpboot-uki-url", "http://elsewhere/uki.efi",
                "--default-httpboot-oci-image", image(TestImages.MULTI_ARCH)}, Map.of()));

        HttpResponse<String> boot = Http.get(server.uri() + "/httpboot", "X-Forwarded-For", "192.0.2.7");
        String uki = new ObjectMapper().readTree(boot.body()).path("UKIURL").asText();
        HttpResponse<byte[]> efi = Http.getBytes(uki);

        assertThat(boot.statusCode()).isEqualTo(200);
        assertThat(uki).isEqualTo("http://127.0.0.1:" + imagePort + "/httpboot/" + registry.address() + "/"
                + TestImages.MULTI_ARCH + "/sha256-" + images.amd64Uki.digest().hex() + ".efi");
        assertThat(efi.statusCode()).isEqualTo(200);
        assertThat(efi.headers().firstValue("Content-Type")).hasValue("application/efi");
        assertThat(efi.body()).isEqualTo(images.multiArch.content(images.amd64Uki.digest()));
    }

    @Test
    void bothPortsServeEveryEndpointAsUpstreamAndMetricsOnlyOnTheBootPort() throws Exception {
        server = BootServer.start(BootServerMain.parse(new String[] {"--config-dir", configDir.toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:0",
                "--image-cache-dir", cacheDir.toString(), "--allowed-registries", registry.address(),
                "--insecure-registries", registry.address(), "--ipxe-service-url", "http://boot.example:8082"}, Map.of()));
        String kernel = "/image?imageName=" + registry.address() + "/" + TestImages.MULTI_ARCH + "&version="
                + TestImages.TAG + "&layerDigest=" + images.amd64Kernel.digest();
        byte[] content = images.multiArch.content(images.amd64Kernel.digest());

        for (String base : List.of(server.uri().toString(), server.imageUri().toString())) {
            HttpResponse<byte[]> layer = Http.getBytes(base + kernel);
            assertThat(layer.statusCode()).as("%s%s", base, kernel).isEqualTo(200);
            assertThat(layer.body()).isEqualTo(content);
            HttpResponse<String> chain = Http.get(base + "/ipxe");
            assertThat(chain.statusCode()).as("%s/ipxe", base).isEqualTo(200);
            assertThat(chain.body()).startsWith("#!ipxe");
            assertThat(Http.get(base + "/healthz").statusCode()).isEqualTo(200);
        }
        assertThat(Http.get(server.uri() + "/metrics").statusCode()).isEqualTo(200);
        assertThat(Http.get(server.imageUri() + "/metrics").statusCode()).isEqualTo(404);
        assertThat(List.of(server.port(), server.imagePort())).doesNotHaveDuplicates();
    }

    @Test
    void anImageFromARegistryNotAllowedIsRefusedNamingIt() throws Exception {
        server = BootServer.start(BootServerMain.parse(new String[] {"--config-dir", configDir.toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:0",
                "--image-cache-dir", cacheDir.toString()}, Map.of()));

        HttpResponse<String> refused = Http.get(server.imageUri() + "/image?imageName=" + registry.address()
                + "/boot/gardenlinux&version=1.0&layerName=application/vnd.ironcore.image.uki");
        assertThat(refused.statusCode()).as("only ghcr.io is allowed by default").isEqualTo(403);
        assertThat(refused.body()).contains(registry.address(), "ghcr.io");
    }
}
