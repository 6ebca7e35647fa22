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
 *   <li>{@value #GARDENLINUX} (not in {@link #pushAll}): shaped like a real Garden Linux index, every entry with
 *       {@code platform: {os: gardenlinux, architecture}} and {@code cname}/{@code architecture} annotations, several
 *       flavours per architecture: {@code kvm-…} and {@code metal-…} (with a UKI) before {@code metal_pxe-…}
 *       (kernel, initramfs, squashfs), for amd64 and arm64.</li>
 *   <li>{@value #NO_SQUASHFS} (not in {@link #pushAll}): one manifest with a kernel, an initramfs and a UKI, no
 *       squashfs (upstream #352).</li>
 * </ul>
 */
public final class TestImages {
    public static final String MULTI_ARCH = "boot/gardenlinux";
    public static final String LEGACY = "boot/legacy";
    public static final String CNAME = "boot/cname";
    public static final String GARDENLINUX = "gardenlinux/gardenlinux";
    public static final String NO_SQUASHFS = "boot/nosquashfs";
    public static final String TAG = "1.0";

    public final OciLayoutBuilder multiArch;
    public final OciLayoutBuilder legacy;
    public final OciLayoutBuilder cname;

    public final Descriptor multiArchIndex;
    public final Descriptor amd64Manifest;
    public final Descriptor arm64Manifest;
    public final Descriptor amd64Squashfs;
    public final Descriptor amd64Kernel;
    public final Descriptor amd64Initramfs;
    public final Descriptor amd64Uki;
    public final Descriptor arm64Kernel;
    public final Descriptor legacyManifest;
    public final Descriptor legacyKernel;
    public final Descriptor cnameAmd64Manifest;
    public final Descriptor cnameArm64Manifest;
    public final OciLayoutBuilder gardenLinux;
    public final Descriptor glKvmAmd64Manifest;
    public final Descriptor glMetalAmd64Uki;
    public final Descriptor glMetalPxeAmd64Manifest;
    public final Descriptor glMetalPxeAmd64Kernel;
    public final Descriptor glMetalPxeArm64Kernel;
    public final Descriptor glKvmAmd64Uki;
    public final OciLayoutBuilder noSquashfs;
    public final Descriptor noSquashfsKernel;
    public final Descriptor noSquashfsInitramfs;
    public final Descriptor noSquashfsUki;

    public TestImages(Path dir) {
        multiArch = new OciLayoutBuilder(dir.resolve("multi-arch"));
        amd64Kernel = multiArch.blob("application/vnd.ironcore.image.kernel", text("kernel amd64"));
        amd64Squashfs = multiArch.blob("application/vnd.ironcore.image.squashfs", random(3 << 20, 1));
        amd64Initramfs = multiArch.blob("application/vnd.ironcore.image.initramfs", text("initramfs amd64"));
        amd64Uki = multiArch.blob("application/vnd.ironcore.image.uki", text("uki amd64"));
        amd64Manifest = multiArch.manifest(List.of(amd64Kernel, amd64Initramfs, amd64Squashfs, amd64Uki))
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

        gardenLinux = new OciLayoutBuilder(dir.resolve("gardenlinux"));
        glKvmAmd64Uki = gardenLinux.blob("application/vnd.ironcore.image.uki", text("kvm uki amd64"));
        glKvmAmd64Manifest = gardenLinux.manifest(List.of(glKvmAmd64Uki)).withPlatform("gardenlinux", "amd64")
                .withAnnotations(Map.of("cname", "kvm-gardener_prod-amd64-1877.0-5ea7d5b2", "architecture", "amd64"));
        glMetalAmd64Uki = gardenLinux.blob("application/vnd.ironcore.image.uki", text("metal uki amd64"));
        Descriptor metalAmd64 = gardenLinux.manifest(List.of(
                        gardenLinux.blob("application/vnd.ironcore.image.kernel", text("metal kernel amd64")),
                        glMetalAmd64Uki))
                .withPlatform("gardenlinux", "amd64")
                .withAnnotations(Map.of("cname", "metal-gardener_prod-amd64-1877.0-5ea7d5b2", "architecture", "amd64"));
        glMetalPxeAmd64Kernel = gardenLinux.blob("application/vnd.ironcore.image.kernel", text("metal_pxe kernel amd64"));
        glMetalPxeAmd64Manifest = gardenLinux.manifest(List.of(
                        glMetalPxeAmd64Kernel,
                        gardenLinux.blob("application/vnd.ironcore.image.initramfs", text("metal_pxe initramfs amd64")),
                        gardenLinux.blob("application/vnd.ironcore.image.squashfs", random(8 << 10, 5))))
                .withPlatform("gardenlinux", "amd64")
                .withAnnotations(Map.of("cname", "metal_pxe-gardener_prod-amd64-1877.0-5ea7d5b2", "architecture", "amd64"));
        Descriptor metalArm64 = gardenLinux.manifest(List.of(
                        gardenLinux.blob("application/vnd.ironcore.image.uki", text("metal uki arm64"))))
                .withPlatform("gardenlinux", "arm64")
                .withAnnotations(Map.of("cname", "metal-gardener_prod-arm64-1877.0-5ea7d5b2", "architecture", "arm64"));
        glMetalPxeArm64Kernel = gardenLinux.blob("application/vnd.ironcore.image.kernel", text("metal_pxe kernel arm64"));
        Descriptor metalPxeArm64 = gardenLinux.manifest(List.of(
                        glMetalPxeArm64Kernel,
                        gardenLinux.blob("application/vnd.ironcore.image.initramfs", text("metal_pxe initramfs arm64"))))
                .withPlatform("gardenlinux", "arm64")
                .withAnnotations(Map.of("cname", "metal_pxe-gardener_prod-arm64-1877.0-5ea7d5b2", "architecture", "arm64"));
        gardenLinux.tag(TAG, gardenLinux.index(List.of(glKvmAmd64Manifest, metalAmd64, glMetalPxeAmd64Manifest,
                metalArm64, metalPxeArm64)));

        noSquashfs = new OciLayoutBuilder(dir.resolve("nosquashfs"));
        noSquashfsKernel = noSquashfs.blob("application/vnd.ironcore.image.kernel", text("kernel without squashfs"));
        noSquashfsInitramfs = noSquashfs.blob("application/vnd.ironcore.image.initramfs", text("initramfs without squashfs"));
        noSquashfsUki = noSquashfs.blob("application/vnd.ironcore.image.uki", text("uki without squashfs"));
        noSquashfs.tag(TAG, noSquashfs.manifest(List.of(noSquashfsKernel, noSquashfsInitramfs, noSquashfsUki)));
    }

    /** Pushes all three images. */
    public void pushAll(LocalRegistry registry) {
        multiArch.push(registry, MULTI_ARCH, TAG);
        legacy.push(registry, LEGACY, TAG);
        cname.push(registry, CNAME, TAG);
    }

    public static ImageReference reference(LocalRegistry registry, String repository) {
        return ImageReference.parse(registry.address() + "/" + repository + ":" + TAG);
    }

    public static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
