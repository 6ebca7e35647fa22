package dev.bootoperator.operator.reconcile;

import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.ImageServerUrl;
import dev.bootoperator.oci.LayerKind;
import dev.bootoperator.oci.PlatformSelector;
import dev.bootoperator.oci.RegistryException;
import dev.bootoperator.oci.ResolvedImage;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.HTTPBootConfigSpec;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import java.util.List;

/**
 * The HTTPBootConfig child of controller {@value BootControllers#SERVER_BOOT_CONFIG_HTTP}, with the
 * image's UKI layer as {@code <image-server-url>/<image name>/sha256-<hex>.efi} (upstream's form, see
 * {@link ImageServerUrl}), matched on the Server's IPs and MAC addresses. The UKI comes from the manifest the
 * platform alone picks, as upstream's HTTP controller picks it (no cname step).
 */
final class HTTPBootConfigChild implements BootConfigChild<HTTPBootConfig> {
    private static final List<String> OWNED = List.of("systemUUID", "networkIdentifiers", "ukiURL", "ignitionSecretRef");

    private final ControllerSettings settings;

    HTTPBootConfigChild(ControllerSettings settings) {
        this.settings = settings;
    }

    @Override
    public Class<HTTPBootConfig> type() {
        return HTTPBootConfig.class;
    }

    @Override
    public BootMethod method() {
        return BootMethod.HTTP;
    }

    @Override
    public PlatformSelector platform(PlatformSelector configured) {
        return configured.platformOnly();
    }

    @Override
    public Object desiredSpec(ServerBootConfiguration sbc, Server server, ImageReference image, ResolvedImage resolved)
            throws RegistryException {
        HTTPBootConfigSpec spec = new HTTPBootConfigSpec();
        spec.setSystemUUID(server.getSpec() == null ? null : server.getSpec().getSystemUUID());
        spec.setNetworkIdentifiers(ServerAddresses.ipsAndMacs(server));
        ImageServerUrl prefix;
        try {
            prefix = ImageServerUrl.of(settings.imageServerUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--image-server-url: " + e.getMessage(), e);
        }
        spec.setUkiURL(prefix.ukiUrl(image, resolved.findLayer(LayerKind.UKI).digest()));
        IgnitionSecretReconciler.named(sbc.getSpec().getIgnitionSecretRef())
                .ifPresent(ref -> spec.setIgnitionSecretRef(new SecretRef(ref.getName())));
        return spec;
    }

    @Override
    public List<String> ownedSpecFields() {
        return OWNED;
    }
}
