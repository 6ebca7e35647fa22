package dev.bootoperator.oci;

import dev.bootoperator.oci.OciLayoutBuilder.Descriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The images the registry tests push, built as OCI layouts:
 *
 * <ul>
 *   <li>{@value #MULTI_ARCH}: an index with linux/amd64 and linux/arm64 manifests, each with kernel,
 *       initramfs, squashfs and UKI layers of the ironcore media types;</li>
 *   <li>{@value #LEGACY}: a single manifest with the legacy {@code application/io.gardenlinux.*} types;</li>
 *   <li>{@value #CNAME}: an index whose entries have no platform, only {@code cname} and {@code architecture}
 *       annotations, as Garden Linux publishes them; a non-matching {@code kvm_…} entry comes first.</li>
 * </ul>
 */
final class TestImages {
    static final String MULTI_ARCH = "boot/gardenlinux";
    static final String LEGACY = "boot/legacy";
    static final String CNAME = "boot/cname";
    static final String TAG = "1.0";

    final OciLayoutBuilder multiArch;
    final OciLayoutBuilder legacy;
    final OciLayoutBuilder cname;

    final Descriptor multiArchIndex;
    final Descriptor amd64Manifest;
    final Descriptor arm64Manifest;
    final Descriptor amd64Squashfs;
    final Descriptor amd64Kernel;
    final Descriptor arm64Kernel;
    final Descriptor legacyManifest;
    final Descriptor legacyKernel;
    final Descriptor cnameAmd64Manifest;
    final Descriptor cnameArm64Manifest;

    TestImages(Path dir) {
        multiArch = new OciLayoutBuilder(dir.resolve("multi-arch"));
        amd64Kernel = multiArch.blob("application/vnd.ironcore.image.kernel", text("kernel amd64"));
        amd64Squashfs = multiArch.blob("application/vnd.ironcore.image.squashfs", random(3 << 20, 1));
        amd64Manifest = multiArch.manifest(List.of(
                amd64Kernel,
                multiArch.blob("application/vnd.ironcore.image.initramfs", text("initramfs amd64")),
                amd64Squashfs,
                multiArch.blob("application/vnd.ironcore.image.uki", text("uki amd64"))))
                .withPlatform("linux", "amd64");
        arm64Kernel = multiArch.blob("application/vnd.ironcore.image.kernel", text("kernel arm64"));
        arm64Manifest = multiArch.manifest(List.of(
                arm64Kernel,
                multiArch.blob("application/vnd.ironcore.image.initramfs", text("initramfs arm64")),
                multiArch.blob("application/vnd.ironcore.image.squashfs", random(64 << 10, 2)),
                multiArch.blob("application/vnd.ironcore.image.uki", text("uki arm64"))))
                .withPlatform("linux", "arm64");
        multiArchIndex = multiArch.index(List.of(amd64Manifest, arm64Manifest));
        multiArch.tag(TAG, multiArchIndex);

        legacy = new OciLayoutBuilder(dir.resolve("legacy"));
        legacyKernel = legacy.blob("application/io.gardenlinux.kernel", text("legacy kernel"));
        legacyManifest = legacy.manifest(List.of(
                legacyKernel,
                legacy.blob("application/io.gardenlinux.initrd", text("legacy initrd")),
                legacy.blob("application/io.gardenlinux.squashfs", random(32 << 10, 3))));
        legacy.tag(TAG, legacyManifest);

        cname = new OciLayoutBuilder(dir.resolve("cname"));
        Descriptor kvm = cname.manifest(List.of(cname.blob("application/vnd.ironcore.image.kernel", text("kvm kernel"))))
                .withAnnotations(Map.of("cname", "kvm_amd64-gardener_prod-1877.0", "architecture", "amd64"));
        cnameAmd64Manifest = cname.manifest(List.of(
                        cname.blob("application/vnd.ironcore.image.kernel", text("metal_pxe kernel amd64")),
                        cname.blob("application/vnd.ironcore.image.squashfs", random(16 << 10, 4))))
                .withAnnotations(Map.of("cname", "metal_pxe_amd64-gardener_prod-1877.0", "architecture", "amd64"));
        cnameArm64Manifest = cname.manifest(List.of(
                        cname.blob("application/vnd.ironcore.image.kernel", text("metal_pxe kernel arm64"))))
                .withAnnotations(Map.of("cname", "metal_pxe_arm64-gardener_prod-1877.0", "architecture", "arm64"));
        cname.tag(TAG, cname.index(List.of(kvm, cnameAmd64Manifest, cnameArm64Manifest)));
    }

    /** Pushes all three images. */
    void pushAll(LocalRegistry registry) {
        multiArch.push(registry, MULTI_ARCH, TAG);
        legacy.push(registry, LEGACY, TAG);
        cname.push(registry, CNAME, TAG);
    }

    static ImageReference reference(LocalRegistry registry, String repository) {
        return ImageReference.parse(registry.address() + "/" + repository + ":" + TAG);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
