package dev.bootoperator.operator.reconcile;

import dev.bootoperator.oci.Digest;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.LayerKind;
import dev.bootoperator.oci.RegistryException;
import dev.bootoperator.oci.ResolvedImage;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.IPXEBootConfigSpec;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The IPXEBootConfig child of controller {@value BootControllers#SERVER_BOOT_CONFIG_PXE}, with the
 * kernel, initramfs and squashfs layers of the image (current or legacy Garden Linux media types) as image-proxy
 * URLs. The squashfs is optional, as upstream (#352): an image without one gets no {@code squashfsURL}, and its
 * script no squashfs arguments.
 */
final class IPXEBootConfigChild implements BootConfigChild<IPXEBootConfig> {
    private static final List<String> OWNED = List.of("systemUUID", "systemIPs", "kernelURL", "initrdURL",
            "squashfsURL", "ignitionSecretRef");

    private final ControllerSettings settings;

    IPXEBootConfigChild(ControllerSettings settings) {
        this.settings = settings;
    }

    @Override
    public Class<IPXEBootConfig> type() {
        return IPXEBootConfig.class;
    }

    @Override
    public BootMethod method() {
        return BootMethod.PXE;
    }

    @Override
    public Object desiredSpec(ServerBootConfiguration sbc, Server server, ImageReference image, ResolvedImage resolved)
            throws RegistryException {
        IPXEBootConfigSpec spec = new IPXEBootConfigSpec();
        spec.setSystemUUID(server.getSpec() == null ? null : server.getSpec().getSystemUUID());
        spec.setSystemIPs(ServerAddresses.ips(server));
        String base = settings.ipxeServiceUrl();
        spec.setKernelURL(layerUrl(base, image, resolved.findLayer(LayerKind.KERNEL).digest()));
        spec.setInitrdURL(layerUrl(base, image, resolved.findLayer(LayerKind.INITRD).digest()));
        resolved.layer(LayerKind.SQUASHFS).ifPresent(squashfs -> spec.setSquashfsURL(layerUrl(base, image, squashfs.digest())));
        IgnitionSecretReconciler.named(sbc.getSpec().getIgnitionSecretRef())
                .ifPresent(ref -> spec.setIgnitionSecretRef(new SecretRef(ref.getName())));
        return spec;
    }

    @Override
    public List<String> ownedSpecFields() {
        return OWNED;
    }

    /**
     * Upstream's form, byte for byte ({@code url.Values.Encode}: keys sorted, values query-escaped):
     * {@code <base>/image?imageName=<registry/repository>&layerDigest=sha256%3A…&version=<tag or digest>}.
     */
    static String layerUrl(String ipxeServiceUrl, ImageReference image, Digest layer) {
        return ipxeServiceUrl + "/image?imageName=" + encode(image.familiarName()) + "&layerDigest=" + encode(layer.toString())
                + "&version=" + encode(image.manifestReference());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
