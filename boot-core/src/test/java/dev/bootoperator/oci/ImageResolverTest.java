package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageResolver} against a real registry, counting the manifest requests it lets through. */
class ImageResolverTest {
    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static TestImages images;
    static RegistryClient client;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.anonymous(dir);
        images = new TestImages(dir);
        images.pushAll(registry);
        images.gardenLinux.push(registry, TestImages.GARDENLINUX, TestImages.TAG);
        client = RegistryClient.builder().policy(RegistryPolicy.fromCsv(registry.address(), registry.address())).build();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static long tagRequests(String repository) {
        return registry.requests("GET", repository + "/manifests/" + TestImages.TAG);
    }

    @Test
    void concurrentCallersShareOneResolutionAndReuseItUntilTheTtl() throws Exception {
        MutableClock clock = new MutableClock();
        ImageResolver resolver = new ImageResolver(client, Duration.ofMinutes(5), Duration.ofSeconds(5), clock);
        ImageReference image = TestImages.reference(registry, TestImages.MULTI_ARCH);
        long before = tagRequests(TestImages.MULTI_ARCH);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ResolvedImage>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return resolver.resolve(image);
                }));
            }
            go.countDown();
            for (Future<ResolvedImage> r : results) {
                assertThat(r.get().manifestDigest()).isEqualTo(images.amd64Manifest.digest());
            }
        } finally {
            pool.shutdownNow();
        }
        resolver.resolve(image);
        long afterBurst = tagRequests(TestImages.MULTI_ARCH);
        clock.advance(Duration.ofMinutes(6));
        resolver.resolve(image);

        assertThat(afterBurst - before).as("manifest GETs by tag for 17 resolutions").isEqualTo(1);
        assertThat(tagRequests(TestImages.MULTI_ARCH) - afterBurst).as("after the TTL").isEqualTo(1);
    }

    @Test
    void aFailureIsRememberedBrieflySoAnOutageIsNotHammered() throws Exception {
        MutableClock clock = new MutableClock();
        ImageResolver resolver = new ImageResolver(client, Duration.ofMinutes(5), Duration.ofSeconds(5), clock);
        ImageReference missing = ImageReference.parse(registry.address() + "/boot/missing:1.0");
        long before = registry.requests("GET", "boot/missing/manifests/");

        assertThatThrownBy(() -> resolver.resolve(missing)).isInstanceOf(ImageNotFoundException.class);
        assertThatThrownBy(() -> resolver.resolve(missing)).isInstanceOf(ImageNotFoundException.class);
        long afterTwo = registry.requests("GET", "boot/missing/manifests/");
        clock.advance(Duration.ofSeconds(6));
        assertThatThrownBy(() -> resolver.resolve(missing)).isInstanceOf(ImageNotFoundException.class);

        assertThat(afterTwo - before).isEqualTo(1);
        assertThat(registry.requests("GET", "boot/missing/manifests/") - afterTwo).isEqualTo(1);
    }

    @Test
    void aDigestPinnedReferenceNeverExpires() throws Exception {
        MutableClock clock = new MutableClock();
        ImageResolver resolver = new ImageResolver(client, Duration.ofSeconds(1), Duration.ofSeconds(1), clock);
        ImageReference pinned = ImageReference.parse(registry.address() + "/" + TestImages.LEGACY + "@"
                + images.legacyManifest.digest());
        String path = TestImages.LEGACY + "/manifests/" + images.legacyManifest.digest();
        long before = registry.requests("GET", path);

        resolver.resolve(pinned);
        clock.advance(Duration.ofDays(30));
        resolver.resolve(pinned);

        assertThat(registry.requests("GET", path) - before).isEqualTo(1);
    }

    @Test
    void pxeAndUkiResolutionsOfOneImageAreCachedApart() throws Exception {
        ImageResolver resolver = new ImageResolver(client, Duration.ofMinutes(5));
        ImageReference image = TestImages.reference(registry, TestImages.GARDENLINUX);

        ResolvedImage pxe = resolver.resolve(image);
        ResolvedImage uki = resolver.resolve(image, client.platform().platformOnly());

        assertThat(pxe.manifestDigest()).isEqualTo(images.glMetalPxeAmd64Manifest.digest());
        assertThat(uki.manifestDigest()).isEqualTo(images.glKvmAmd64Manifest.digest());
        assertThat(resolver.resolve(image)).isSameAs(pxe);
        assertThat(resolver.resolve(image, client.platform().platformOnly())).isSameAs(uki);
    }
}
