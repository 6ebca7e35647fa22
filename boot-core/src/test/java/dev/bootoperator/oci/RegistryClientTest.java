package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real {@code docker-registry} without authentication, holding the {@link TestImages}. */
class RegistryClientTest {
    @TempDir
    static Path dir;

    static LocalRegistry registry;
    static TestImages images;
    static RegistryClient client;

    @BeforeAll
    static void startRegistryAndPushImages() {
        registry = LocalRegistry.anonymous(dir);
        images = new TestImages(dir);
        images.pushAll(registry);
        images.gardenLinux.push(registry, TestImages.GARDENLINUX, TestImages.TAG);
        client = RegistryClient.builder()
                .policy(RegistryPolicy.fromCsv(registry.address(), registry.address()))
                .build();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    static ImageReference ref(String repository) {
        return TestImages.reference(registry, repository);
    }

    @Test
    void resolvesTagOfMultiArchIndexToTheAmd64ManifestByDefault() throws Exception {
        ResolvedImage image = client.resolve(ref(TestImages.MULTI_ARCH));

        assertThat(image.reference()).isEqualTo(ref(TestImages.MULTI_ARCH));
        assertThat(image.manifestDigest()).isEqualTo(images.amd64Manifest.digest());
        assertThat(image.layers()).extracting(l -> l.kind().orElseThrow())
                .containsExactly(LayerKind.KERNEL, LayerKind.INITRD, LayerKind.SQUASHFS, LayerKind.UKI);
        assertThat(image.findLayer(LayerKind.SQUASHFS).digest()).isEqualTo(images.amd64Squashfs.digest());
        assertThat(image.findLayer(LayerKind.SQUASHFS).size()).isEqualTo(images.amd64Squashfs.size());
    }

    @Test
    void picksTheArm64ManifestForArm64() throws Exception {
        ResolvedImage image = client.resolve(ref(TestImages.MULTI_ARCH), PlatformSelector.pxe("arm64"));

        assertThat(image.manifestDigest()).isEqualTo(images.arm64Manifest.digest());
        assertThat(image.findLayer(LayerKind.KERNEL).digest()).isEqualTo(images.arm64Kernel.digest());
    }

    @Test
    void acceptsTheKernelsArchitectureNames() throws Exception {
        assertThat(client.resolve(ref(TestImages.MULTI_ARCH), PlatformSelector.pxe("aarch64")).manifestDigest())
                .isEqualTo(images.arm64Manifest.digest());
    }

    @Test
    void resolvesAnIndexDigestAndAManifestDigest() throws Exception {
        ImageReference byIndexDigest = ImageReference.parse(registry.address() + "/" + TestImages.MULTI_ARCH
                + "@" + images.multiArchIndex.digest());
        ImageReference byManifestDigest = ImageReference.parse(registry.address() + "/" + TestImages.MULTI_ARCH
                + "@" + images.arm64Manifest.digest());

        assertThat(client.resolve(byIndexDigest).manifestDigest()).isEqualTo(images.amd64Manifest.digest());
        assertThat(client.resolve(byManifestDigest).manifestDigest()).isEqualTo(images.arm64Manifest.digest());
    }

    @Test
    void aDigestWinsOverATag() throws Exception {
        ImageReference both = ImageReference.parse(registry.address() + "/" + TestImages.MULTI_ARCH
                + ":no-such-tag@" + images.amd64Manifest.digest());

        assertThat(client.resolve(both).manifestDigest()).isEqualTo(images.amd64Manifest.digest());
    }

    @Test
    void fallsBackToTheCnameAnnotationWhenEntriesHaveNoPlatform() throws Exception {
        assertThat(client.resolve(ref(TestImages.CNAME), PlatformSelector.pxe("amd64")).manifestDigest())
                .isEqualTo(images.cnameAmd64Manifest.digest());
        assertThat(client.resolve(ref(TestImages.CNAME), PlatformSelector.pxe("arm64")).manifestDigest())
                .isEqualTo(images.cnameArm64Manifest.digest());
    }

    @Test
    void aGardenLinuxIndexGivesPxeTheMetalPxeFlavourThoughOtherFlavoursComeFirst() throws Exception {
        // every entry says os: gardenlinux; kvm and metal flavours precede metal_pxe for amd64
        ResolvedImage amd64 = client.resolve(ref(TestImages.GARDENLINUX), PlatformSelector.pxe("amd64"));
        ResolvedImage arm64 = client.resolve(ref(TestImages.GARDENLINUX), PlatformSelector.pxe("arm64"));

        assertThat(amd64.manifestDigest()).isEqualTo(images.glMetalPxeAmd64Manifest.digest());
        assertThat(amd64.findLayer(LayerKind.KERNEL).digest()).isEqualTo(images.glMetalPxeAmd64Kernel.digest());
        assertThat(amd64.layer(LayerKind.SQUASHFS)).isPresent();
        assertThat(arm64.findLayer(LayerKind.KERNEL).digest()).isEqualTo(images.glMetalPxeArm64Kernel.digest());
    }

    @Test
    void aGardenLinuxIndexGivesUkisTheFirstEntryOfTheArchitectureIgnoringOsAndCname() throws Exception {
        ResolvedImage uki = client.resolve(ref(TestImages.GARDENLINUX), PlatformSelector.uki("amd64"));

        assertThat(uki.manifestDigest()).isEqualTo(images.glKvmAmd64Manifest.digest());
        assertThat(uki.findLayer(LayerKind.UKI).digest()).isEqualTo(images.glKvmAmd64Uki.digest());
        assertThat(client.resolve(ref(TestImages.GARDENLINUX), PlatformSelector.uki("x86_64")).manifestDigest())
                .isEqualTo(images.glKvmAmd64Manifest.digest());
    }

    @Test
    void theOsOfAPlatformIsIgnoredAsUpstreamDoes() throws Exception {
        // MULTI_ARCH says os: linux, GARDENLINUX os: gardenlinux; neither is asked for
        assertThat(client.resolve(ref(TestImages.MULTI_ARCH), PlatformSelector.uki("arm64")).manifestDigest())
                .isEqualTo(images.arm64Manifest.digest());
        assertThatThrownBy(() -> client.resolve(ref(TestImages.GARDENLINUX), PlatformSelector.uki("riscv64")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("platform architecture riscv64")
                .hasMessageContaining("gardenlinux/amd64 cname=metal_pxe-gardener_prod-amd64-1877.0-5ea7d5b2");
    }

    @Test
    void theCnameStepNeedsTheArchitectureAnnotationToMatch() throws Exception {
        // metal_pxe entries exist for amd64 and arm64; asking for arm64 must not take the first metal_pxe entry
        assertThat(client.resolve(ref(TestImages.GARDENLINUX), PlatformSelector.pxe("aarch64")).manifestDigest())
                .isNotEqualTo(images.glMetalPxeAmd64Manifest.digest());
    }

    @Test
    void cnameFallbackNeedsTheConfiguredPrefix() {
        assertThatThrownBy(() -> client.resolve(ref(TestImages.CNAME), PlatformSelector.pxe("arm64").withCnamePrefix("kvm")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining(registry.address() + "/" + TestImages.CNAME)
                .hasMessageContaining("cname=metal_pxe_arm64-gardener_prod-1877.0, architecture=arm64");
    }

    @Test
    void findsLegacyGardenLinuxMediaTypesInASingleManifest() throws Exception {
        ResolvedImage image = client.resolve(ref(TestImages.LEGACY));

        assertThat(image.manifestDigest()).isEqualTo(images.legacyManifest.digest());
        assertThat(image.findLayer(LayerKind.KERNEL).digest()).isEqualTo(images.legacyKernel.digest());
        assertThat(image.findLayer(LayerKind.INITRD).mediaType()).isEqualTo("application/io.gardenlinux.initrd");
        assertThat(image.findLayer(LayerKind.SQUASHFS).mediaType()).isEqualTo("application/io.gardenlinux.squashfs");
        assertThatThrownBy(() -> image.findLayer(LayerKind.UKI))
                .isInstanceOf(LayerNotFoundException.class)
                .hasMessageContaining("application/io.gardenlinux.kernel, application/io.gardenlinux.initrd");
    }

    @Test
    void findsTheSeedDocumentationsLayerName() throws Exception {
        ResolvedImage image = client.resolve(ref(TestImages.MULTI_ARCH));

        assertThat(image.findLayerByMediaType("application/vnd.ironcore.image.squashfs.v1alpha1.squashfs").digest())
                .isEqualTo(images.amd64Squashfs.digest());
    }

    @Test
    void streamsABlobWhoseSha256MatchesItsDigest() throws Exception {
        ImageReference ref = ref(TestImages.MULTI_ARCH);
        LayerDescriptor squashfs = client.resolve(ref).findLayer(LayerKind.SQUASHFS);

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long count = 0;
        try (FetchedBlob blob = client.openBlob(ref, squashfs.digest()); InputStream in = blob.body()) {
            assertThat(blob.contentLength()).isEqualTo(squashfs.size());
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; count += n) {
                sha256.update(buffer, 0, n);
            }
        }
        assertThat(count).isEqualTo(squashfs.size());
        assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(squashfs.digest().hex());
    }

    @Test
    void blobFetcherOpensTheImagesBlobs() throws Exception {
        BlobFetcher fetcher = client.blobFetcher(ref(TestImages.LEGACY));

        try (FetchedBlob blob = fetcher.fetch(images.legacyKernel.digest())) {
            assertThat(blob.body().readAllBytes()).isEqualTo(images.legacy.content(images.legacyKernel.digest()));
        }
    }

    @Test
    void unknownTagRepositoryAndBlobAreImageNotFound() {
        assertThatThrownBy(() -> client.resolve(ImageReference.parse(registry.address() + "/" + TestImages.MULTI_ARCH + ":2.0")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("manifest 2.0 of " + registry.address() + "/" + TestImages.MULTI_ARCH)
                .hasMessageContaining("MANIFEST_UNKNOWN");
        assertThatThrownBy(() -> client.resolve(ImageReference.parse(registry.address() + "/boot/nothing:1.0")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining(registry.address() + "/boot/nothing")
                .hasMessageContaining("404");
        Digest absent = Digest.of(TestImages.text("absent"));
        assertThatThrownBy(() -> client.openBlob(ref(TestImages.MULTI_ARCH), absent))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining(absent.toString())
                .hasMessageContaining("BLOB_UNKNOWN");
    }

    @Test
    void aPlatformMissingFromTheIndexIsImageNotFoundListingThePlatforms() {
        assertThatThrownBy(() -> client.resolve(ref(TestImages.MULTI_ARCH), PlatformSelector.pxe("riscv64")))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("architecture riscv64")
                .hasMessageContaining("linux/amd64; linux/arm64");
    }

    @Test
    void anImageOfARegistryOutsideThePolicyIsRefusedWithoutAsking() {
        RegistryClient ghcrOnly = RegistryClient.builder().policy(RegistryPolicy.defaults()).build();

        assertThatThrownBy(() -> ghcrOnly.resolve(ImageReference.parse(registry.address() + "/boot/never-asked:1.0")))
                .isInstanceOf(RegistryNotAllowedException.class)
                .hasMessageContaining("registry " + registry.address() + " is not allowed");
        assertThat(registry.log()).contains("\"PUT /v2/" + TestImages.LEGACY).doesNotContain("never-asked");
    }
}
