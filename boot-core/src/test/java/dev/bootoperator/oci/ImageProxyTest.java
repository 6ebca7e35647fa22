package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.event.BootEvent;
import dev.bootoperator.oci.OciLayoutBuilder.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageProxy} against a real {@code docker-registry} holding the {@link TestImages}, with a real cache. */
class ImageProxyTest {
    @TempDir
    static Path dir;
    @TempDir
    Path cacheDir;

    static LocalRegistry registry;
    static TestImages images;
    static RegistryClient client;

    private BlobCache cache;
    private ImageProxy proxy;
    private final List<BootEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startRegistryAndPushImages() {
        registry = LocalRegistry.anonymous(dir);
        images = new TestImages(dir);
        images.pushAll(registry);
        client = RegistryClient.builder().policy(RegistryPolicy.fromCsv(registry.address(), registry.address())).build();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void newCacheAndProxy() throws IOException {
        cache = BlobCache.open(cacheDir, 1L << 30);
        proxy = ImageProxy.builder(client, cache).listener(events::add).build();
    }

    @AfterEach
    void closeCache() {
        cache.close();
    }

    private static String imageName(String repository) {
        return registry.address() + "/" + repository;
    }

    private static String query(String repository, String version, String key, String value) {
        return "imageName=" + imageName(repository) + "&version=" + version + "&" + key + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private ImageProxyResponse get(String path, String query, Map<String, List<String>> headers) {
        return proxy.handle(new BootRequest("GET", path, query, "10.0.0.5",
                name -> headers.getOrDefault(name, List.of())));
    }

    private ImageProxyResponse get(String path, String query) {
        return get(path, query, Map.of());
    }

    private static byte[] body(ImageProxyResponse response) throws IOException {
        assertThat(response).isInstanceOf(ImageProxyResponse.Layer.class);
        try (InputStream in = ((ImageProxyResponse.Layer) response).openBody()) {
            return in.readAllBytes();
        }
    }

    private static String message(ImageProxyResponse response) {
        assertThat(response).isInstanceOf(ImageProxyResponse.Message.class);
        return ((ImageProxyResponse.Message) response).response().bodyText();
    }

    @Test
    void servesALayerByDigestAsUpstreamAsksForIt() throws Exception {
        Descriptor kernel = images.amd64Kernel;
        ImageProxyResponse r = get("/image", query(TestImages.MULTI_ARCH, TestImages.TAG, "layerDigest",
                kernel.digest().toString()));

        assertThat(r.status()).isEqualTo(200);
        ImageProxyResponse.Layer layer = (ImageProxyResponse.Layer) r;
        assertThat(layer.contentType()).isEqualTo("application/octet-stream");
        assertThat(layer.length()).isEqualTo(kernel.size());
        assertThat(layer.headers()).containsEntry("ETag", "\"" + kernel.digest() + "\"")
                .containsEntry("Accept-Ranges", "bytes")
                .containsEntry("Cache-Control", "public, max-age=31536000, immutable");
        assertThat(body(r)).isEqualTo(images.multiArch.content(kernel.digest()));
        assertThat(events).contains(new BootEvent.RequestCompleted("image", 200, "success",
                ((BootEvent.RequestCompleted) events.get(0)).duration()));
    }

    @Test
    void theUkiLayerIsApplicationEfi() throws Exception {
        ImageProxyResponse r = get("/image", query(TestImages.MULTI_ARCH, TestImages.TAG, "layerName",
                "application/vnd.ironcore.image.uki"));

        assertThat(((ImageProxyResponse.Layer) r).contentType()).isEqualTo("application/efi");
        assertThat(body(r)).isEqualTo(images.multiArch.content(images.amd64Uki.digest()));
    }

    @Test
    void layerNameMatchesByPrefixAsTheSeedDocumentationWritesIt() throws Exception {
        ImageProxyResponse r = get("/image", query(TestImages.MULTI_ARCH, TestImages.TAG, "layerName",
                "application/vnd.ironcore.image.squashfs.v1alpha1.squashfs"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(((ImageProxyResponse.Layer) r).headers()).doesNotContainKey("Cache-Control"); // by tag: may move
        assertThat(body(r)).isEqualTo(images.multiArch.content(images.amd64Squashfs.digest()));
    }

    @Test
    void legacyGardenLinuxMediaTypesAreFoundByName() throws Exception {
        ImageProxyResponse r = get("/image", query(TestImages.LEGACY, TestImages.TAG, "layerName",
                "application/io.gardenlinux.kernel"));

        assertThat(body(r)).isEqualTo(images.legacy.content(images.legacyKernel.digest()));
    }

    @Test
    void anUnknownLayerNameIsA404NamingTheMediaTypesPresent() {
        ImageProxyResponse r = get("/image", query(TestImages.MULTI_ARCH, TestImages.TAG, "layerName",
                "application/vnd.ironcore.image.rootfs"));

        assertThat(r.status()).isEqualTo(404);
        assertThat(message(r)).contains("application/vnd.ironcore.image.rootfs", "application/vnd.ironcore.image.kernel",
                "application/vnd.ironcore.image.uki");
    }

    @Test
    void anotherArchitecturesLayerIsServedByDigestAsUpstreamDoes() throws Exception {
        long manifestsBefore = settledRequests("GET", TestImages.MULTI_ARCH + "/manifests/");
        ImageProxyResponse r = get("/image", query(TestImages.MULTI_ARCH, TestImages.TAG, "layerDigest",
                images.arm64Kernel.digest().toString()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo(images.multiArch.content(images.arm64Kernel.digest()));
        assertThat(settledRequests("GET", TestImages.MULTI_ARCH + "/manifests/")).as("no manifest is read")
                .isEqualTo(manifestsBefore);
    }

    @Test
    void machinesAskingForOneUncachedDigestAtOnceShareOneHead() throws Exception {
        String repository = "boot/burst";
        images.multiArch.push(registry, repository, TestImages.TAG);
        long headsBefore = settledRequests("HEAD", repository + "/blobs/"); // skopeo's own
        String q = query(repository, TestImages.TAG, "layerDigest", images.amd64Squashfs.digest().toString());
        byte[] expected = images.multiArch.content(images.amd64Squashfs.digest());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<byte[]>> bodies = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                bodies.add(pool.submit(() -> {
                    go.await();
                    return body(get("/image", q));
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<byte[]> b : bodies) {
                assertThat(b.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(settledRequests("HEAD", repository + "/blobs/") - headsBefore).as("HEADs for 16 machines").isEqualTo(1);
        assertThat(cache.stats().upstreamFetches()).isEqualTo(1);
    }

    @Test
    void aDigestKnownFromAResolvedManifestNeedsNoHead() throws Exception {
        String repository = "boot/known";
        images.multiArch.push(registry, repository, TestImages.TAG);
        long headsBefore = settledRequests("HEAD", repository + "/blobs/"); // skopeo's own
        assertThat(get("/image", query(repository, TestImages.TAG, "layerName", "application/vnd.ironcore.image.kernel"))
                .status()).isEqualTo(200);

        ImageProxyResponse head = proxy.handle(new BootRequest("HEAD", "/image", query(repository, TestImages.TAG,
                "layerDigest", images.amd64Squashfs.digest().toString()), "10.0.0.5", n -> List.of()));

        assertThat(head.status()).isEqualTo(200);
        assertThat(((ImageProxyResponse.Layer) head).length()).isEqualTo(images.amd64Squashfs.size());
        assertThat(settledRequests("HEAD", repository + "/blobs/") - headsBefore).isZero();
    }

    @Test
    void aDigestAbsentFromTheRepositoryIsA404NamingImageAndDigest() {
        String absent = "sha256:" + "0123456789abcdef".repeat(4);
        ImageProxyResponse r = get("/image", query(TestImages.MULTI_ARCH, TestImages.TAG, "layerDigest", absent));

        assertThat(r.status()).isEqualTo(404);
        assertThat(message(r)).contains(absent, imageName(TestImages.MULTI_ARCH));
        // a blob of another repository of the same registry is not this repository's
        ImageProxyResponse other = get("/image", query(TestImages.LEGACY, TestImages.TAG, "layerDigest",
                images.amd64Kernel.digest().toString()));
        assertThat(other.status()).isEqualTo(404);
        assertThat(message(other)).contains(images.amd64Kernel.digest().toString(), imageName(TestImages.LEGACY));
    }

    @Test
    void aKernelUrlKeepsWorkingAfterItsTagMovedAndAfterARestart() throws Exception {
        String repository = "boot/moving";
        images.multiArch.push(registry, repository, TestImages.TAG);
        String kernelQuery = query(repository, TestImages.TAG, "layerDigest", images.amd64Kernel.digest().toString());
        assertThat(get("/image", query(repository, TestImages.TAG, "layerName", "application/vnd.ironcore.image.kernel"))
                .status()).isEqualTo(200); // the tag's resolution is now cached for 5 minutes

        images.legacy.push(registry, repository, TestImages.TAG); // the tag moves to another image
        ImageProxyResponse moved = get("/image", kernelQuery);
        assertThat(moved.status()).isEqualTo(200);
        assertThat(body(moved)).isEqualTo(images.multiArch.content(images.amd64Kernel.digest()));

        Path restartDir = dir.resolve("restart-cache");
        try (BlobCache freshCache = BlobCache.open(restartDir, 1L << 30)) {
            ImageProxy restarted = ImageProxy.builder(client, freshCache).build();
            BootRequest request = new BootRequest("GET", "/image", kernelQuery, "10.0.0.5", n -> List.of());
            ImageProxyResponse afterRestart = restarted.handle(request);
            assertThat(afterRestart.status()).isEqualTo(200);
            assertThat(body(afterRestart)).isEqualTo(images.multiArch.content(images.amd64Kernel.digest()));

            // layerName still follows the tag: now the legacy image's kernel
            ImageProxyResponse byName = restarted.handle(new BootRequest("GET", "/image",
                    query(repository, TestImages.TAG, "layerName", "application/io.gardenlinux.kernel"), "10.0.0.5",
                    n -> List.of()));
            assertThat(body(byName)).isEqualTo(images.legacy.content(images.legacyKernel.digest()));
        }
    }

    @Test
    void anUnknownTagOrRepositoryIsA404() {
        ImageProxyResponse tag = get("/image", query(TestImages.MULTI_ARCH, "9.9", "layerName", "application/vnd.ironcore.image.uki"));
        ImageProxyResponse repo = get("/image", query("boot/nothing", "1.0", "layerName", "application/vnd.ironcore.image.uki"));

        assertThat(tag.status()).isEqualTo(404);
        assertThat(message(tag)).contains(registry.address(), "9.9");
        assertThat(repo.status()).isEqualTo(404);
        assertThat(message(repo)).contains("boot/nothing");
    }

    @Test
    void badOrMissingParametersAre400sThatSayWhat() {
        long before = registry.requests("GET", "") + registry.requests("HEAD", "");
        assertThat(message(get("/image", ""))).contains("imageName", "version", "layerDigest or layerName");
        assertThat(get("/image", "imageName=" + imageName(TestImages.MULTI_ARCH) + "&version=1.0").status()).isEqualTo(400);
        ImageProxyResponse badDigest = get("/image", query(TestImages.MULTI_ARCH, "1.0", "layerDigest", "sha256:abc"));
        assertThat(badDigest.status()).isEqualTo(400);
        assertThat(message(badDigest)).contains("layerDigest");
        ImageProxyResponse badName = get("/image", "imageName=Bad%20Name&version=1.0&layerName=x");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(message(badName)).contains("'Bad Name");
        ImageProxyResponse both = get("/image", query(TestImages.MULTI_ARCH, "1.0", "layerName", "x")
                + "&layerDigest=" + images.amd64Kernel.digest());
        assertThat(message(both)).contains("not both");
        assertThat(get("/image", query(TestImages.MULTI_ARCH, "1.0", "layerName", "x") + "&imageName=other").status())
                .isEqualTo(400);
        assertThat(get("/image", "imageName=%zz&version=1&layerName=x").status()).isEqualTo(400);
        assertThat(get("/image", "imageName=" + "a".repeat(5000)).status()).isEqualTo(400);
        assertThat(message(get("/httpboot/" + imageName(TestImages.MULTI_ARCH) + "/kernel.efi", ""))).contains("sha256-HEX.efi");
        assertThat(registry.requests("GET", "") + registry.requests("HEAD", "")).as("bad requests reach no registry")
                .isEqualTo(before);
    }

    @Test
    void aLayerDigestFromARegistryOutsideThePolicyIs403WithoutAnyRequest() throws Exception {
        RegistryClient ghcrOnly = RegistryClient.builder().policy(RegistryPolicy.defaults()).build();
        ImageProxy refusing = ImageProxy.builder(ghcrOnly, cache).build();
        long before = settledRequests("GET", "") + settledRequests("HEAD", "");

        ImageProxyResponse r = refusing.handle(new BootRequest("GET", "/image", query(TestImages.MULTI_ARCH,
                TestImages.TAG, "layerDigest", images.amd64Kernel.digest().toString()), "10.0.0.5", n -> List.of()));

        assertThat(r.status()).isEqualTo(403);
        assertThat(message(r)).contains(registry.address());
        assertThat(settledRequests("GET", "") + settledRequests("HEAD", "")).isEqualTo(before);
        ghcrOnly.close();
    }

    @Test
    void aRegistryOutsideThePolicyIs403BeforeAnyRequest() {
        ImageProxyResponse r = get("/image", "imageName=registry.example:5000/os&version=1.0&layerName=x");
        ImageProxyResponse uki = get("/httpboot/docker.io/library/alpine/sha256-" + "a".repeat(64) + ".efi", "");

        assertThat(r.status()).isEqualTo(403);
        assertThat(message(r)).contains("registry.example:5000");
        assertThat(uki.status()).isEqualTo(403);
        assertThat(message(uki)).contains("docker.io");
    }

    @Test
    void anUnreachableRegistryIsA502NamingIt() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String dead = "127.0.0.1:" + closedPort;
        RegistryClient deadClient = RegistryClient.builder().policy(RegistryPolicy.fromCsv(dead, dead)).build();
        ImageProxy deadProxy = ImageProxy.builder(deadClient, cache).build();

        ImageProxyResponse r = deadProxy.handle(BootRequest.get("/image", "10.0.0.5"));
        ImageProxyResponse q = deadProxy.handle(new BootRequest("GET", "/image",
                "imageName=" + dead + "/os&version=1.0&layerName=x", "10.0.0.5", n -> List.of()));

        assertThat(r.status()).isEqualTo(400);
        assertThat(q.status()).isEqualTo(502);
        assertThat(message(q)).contains(dead, "connection refused");
    }

    @Test
    void httpBootUkiPathServesTheBlobAsEfiAndHeadStartsNoDownload() throws Exception {
        Digest uki = images.amd64Uki.digest();
        String path = "/httpboot/" + imageName(TestImages.MULTI_ARCH) + "/sha256-" + uki.hex() + ".efi";

        long headsBefore = registry.requests("HEAD", TestImages.MULTI_ARCH + "/blobs/" + uki);
        ImageProxyResponse head = proxy.handle(new BootRequest("HEAD", path, "", "10.0.0.5", n -> List.of()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(((ImageProxyResponse.Layer) head).length()).isEqualTo(images.amd64Uki.size());
        assertThat(((ImageProxyResponse.Layer) head).contentType()).isEqualTo("application/efi");
        assertThat(cache.stats().upstreamFetches()).isZero();
        assertThat(registry.requests("HEAD", TestImages.MULTI_ARCH + "/blobs/" + uki) - headsBefore).isEqualTo(1);

        ImageProxyResponse r = get(path, "");
        assertThat(body(r)).isEqualTo(images.multiArch.content(uki));
        assertThat(cache.stats().upstreamFetches()).isEqualTo(1);
        assertThat(events).extracting(e -> ((BootEvent.RequestCompleted) e).endpoint()).contains("httpboot-uki");
    }

    @Test
    void anUnknownUkiDigestIsA404() {
        ImageProxyResponse r = get("/httpboot/" + imageName(TestImages.MULTI_ARCH) + "/sha256-" + "0".repeat(64) + ".efi", "");

        assertThat(r.status()).isEqualTo(404);
        assertThat(message(r)).contains("sha256:" + "0".repeat(64));
    }

    @Test
    void oneRangeGetsA206AndARangePastTheEndA416() throws Exception {
        Descriptor squashfs = images.amd64Squashfs;
        byte[] whole = images.multiArch.content(squashfs.digest());
        String q = query(TestImages.MULTI_ARCH, TestImages.TAG, "layerDigest", squashfs.digest().toString());

        ImageProxyResponse mid = get("/image", q, Map.of("Range", List.of("bytes=100-199")));
        ImageProxyResponse suffix = get("/image", q, Map.of("Range", List.of("bytes=-10")));
        ImageProxyResponse past = get("/image", q, Map.of("Range", List.of("bytes=" + whole.length + "-")));
        ImageProxyResponse staleIfRange = get("/image", q, Map.of("Range", List.of("bytes=0-9"),
                "If-Range", List.of("\"sha256:other\"")));

        assertThat(mid.status()).isEqualTo(206);
        assertThat(((ImageProxyResponse.Layer) mid).headers()).containsEntry("Content-Range", "bytes 100-199/" + whole.length);
        assertThat(body(mid)).isEqualTo(Arrays.copyOfRange(whole, 100, 200));
        assertThat(body(suffix)).isEqualTo(Arrays.copyOfRange(whole, whole.length - 10, whole.length));
        assertThat(past.status()).isEqualTo(416);
        assertThat(((ImageProxyResponse.Message) past).response().headers())
                .containsEntry("Content-Range", "bytes */" + whole.length);
        assertThat(staleIfRange.status()).isEqualTo(200);
    }

    @Test
    void otherMethodsAre405AndOtherPaths404() {
        ImageProxyResponse post = proxy.handle(new BootRequest("POST", "/image", "", "10.0.0.5", n -> List.of()));

        assertThat(post.status()).isEqualTo(405);
        assertThat(((ImageProxyResponse.Message) post).response().headers()).containsEntry("Allow", "GET, HEAD");
        assertThat(get("/ipxe", "").status()).isEqualTo(404);
        assertThat(get("/healthz", "").status()).isEqualTo(200);
    }

    @Test
    void prefetchCachesEveryLayerSoRequestsAreHits() throws Exception {
        ResolvedImage resolved = proxy.prefetch(TestImages.reference(registry, TestImages.LEGACY));
        long fetched = cache.stats().upstreamFetches();
        long gets = settledBlobGets(TestImages.LEGACY);

        ImageProxyResponse r = get("/image", query(TestImages.LEGACY, TestImages.TAG, "layerDigest",
                images.legacyKernel.digest().toString()));

        assertThat(fetched).isEqualTo(resolved.layers().size()).isEqualTo(3);
        assertThat(body(r)).isEqualTo(images.legacy.content(images.legacyKernel.digest()));
        assertThat(cache.stats().upstreamFetches()).isEqualTo(fetched);
        assertThat(cache.stats().hits()).isGreaterThanOrEqualTo(1);
        assertThat(settledBlobGets(TestImages.LEGACY)).isEqualTo(gets);
    }

    /** Blob GETs in the registry's access log, once it has stopped growing: it is written after each response. */
    private static long settledBlobGets(String repository) throws InterruptedException {
        return settledRequests("GET", repository + "/blobs/");
    }

    private static long settledRequests(String method, String pathPrefix) throws InterruptedException {
        long previous = -1;
        long now = registry.requests(method, pathPrefix);
        while (now != previous) {
            Thread.sleep(200);
            previous = now;
            now = registry.requests(method, pathPrefix);
        }
        return now;
    }

    @Test
    void aCachedDigestIsServedWhenTheRegistryIsDown() throws Exception {
        Path ownDir = dir.resolve("down");
        java.nio.file.Files.createDirectories(ownDir);
        try (LocalRegistry shortLived = LocalRegistry.anonymous(ownDir)) {
            images.legacy.push(shortLived, TestImages.LEGACY, TestImages.TAG);
            RegistryClient c = RegistryClient.builder()
                    .policy(RegistryPolicy.fromCsv(shortLived.address(), shortLived.address())).build();
            ImageProxy p = ImageProxy.builder(c, cache).resolutionTtl(java.time.Duration.ZERO.plusNanos(1)).build();
            BootRequest request = new BootRequest("GET", "/image", "imageName=" + shortLived.address() + "/"
                    + TestImages.LEGACY + "&version=1.0&layerDigest=" + images.legacyKernel.digest(), "10.0.0.5", n -> List.of());
            assertThat(body(p.handle(request))).isEqualTo(images.legacy.content(images.legacyKernel.digest()));
            shortLived.close();
            Thread.sleep(5);

            ImageProxyResponse again = p.handle(request);

            assertThat(again.status()).isEqualTo(200);
            assertThat(body(again)).isEqualTo(images.legacy.content(images.legacyKernel.digest()));
        }
    }

    @Test
    void defaultUkiIsTheHttpBootUrlOfTheImagesUkiLayer() {
        ImageReference image = TestImages.reference(registry, TestImages.MULTI_ARCH);

        Optional<String> url = proxy.defaultUki(ImageServerUrl.of("http://10.0.0.1:8083/httpboot"), image).get();

        assertThat(url).hasValue("http://10.0.0.1:8083/httpboot/" + imageName(TestImages.MULTI_ARCH) + "/sha256-"
                + images.amd64Uki.digest().hex() + ".efi");
        assertThat(proxy.defaultUki(ImageServerUrl.of("http://10.0.0.1:8083/"), image).get())
                .as("a URL without a path gets /httpboot").isEqualTo(url);
        assertThat(get(url.get().substring("http://10.0.0.1:8083".length()), "").status()).isEqualTo(200);
    }

    @Test
    void defaultUkiIsPickedByPlatformOnlyAsUpstreamsUkiCode() throws Exception {
        images.gardenLinux.push(registry, TestImages.GARDENLINUX, TestImages.TAG);
        ImageReference image = TestImages.reference(registry, TestImages.GARDENLINUX);

        Optional<String> url = proxy.defaultUki(ImageServerUrl.of("http://lb.example/boot-images"), image).get();

        assertThat(url).hasValue("http://lb.example/boot-images/" + imageName(TestImages.GARDENLINUX) + "/sha256-"
                + images.glKvmAmd64Uki.digest().hex() + ".efi");
    }

    @Test
    void defaultUkiOfAnImageWithoutUkiFailsNamingTheImage() {
        ImageReference legacy = TestImages.reference(registry, TestImages.LEGACY);

        assertThatThrownBy(() -> proxy.defaultUki(ImageServerUrl.of("http://x"), legacy).get())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(legacy.toString()).hasMessageContaining("application/vnd.ironcore.image.uki");
    }
}
