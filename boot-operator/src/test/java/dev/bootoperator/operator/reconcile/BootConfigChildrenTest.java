package dev.bootoperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.oci.Digest;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.LayerDescriptor;
import dev.bootoperator.oci.PlatformSelector;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.ResolvedImage;
import dev.bootoperator.operator.HTTPBootConfigSpec;
import dev.bootoperator.operator.IPXEBootConfigSpec;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The children's specs as upstream writes them, from a resolved image; no registry or API server needed. */
class BootConfigChildrenTest {
    private static final RegistryClient REGISTRY = RegistryClient.builder().build();
    private static final ImageReference IMAGE = ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0");
    private static final Digest KERNEL = Digest.parse("sha256:" + "1".repeat(64));
    private static final Digest INITRD = Digest.parse("sha256:" + "2".repeat(64));
    private static final Digest UKI = Digest.parse("sha256:" + "3".repeat(64));

    @AfterAll
    static void close() {
        REGISTRY.close();
    }

    private static ControllerSettings settings(String imageServerUrl) {
        return ControllerSettings.of("http://boot:8082", imageServerUrl, REGISTRY, false);
    }

    private static ServerBootConfiguration sbc() {
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setSpec(new ServerBootConfigurationSpec());
        return sbc;
    }

    private static ResolvedImage image(String... mediaTypes) {
        Map<String, Digest> digests = Map.of("application/vnd.ironcore.image.kernel", KERNEL,
                "application/vnd.ironcore.image.initramfs", INITRD, "application/vnd.ironcore.image.uki", UKI);
        return new ResolvedImage(IMAGE, Digest.parse("sha256:" + "9".repeat(64)), java.util.Arrays.stream(mediaTypes)
                .map(t -> new LayerDescriptor(digests.get(t), 10, t, Map.of())).toList());
    }

    @Test
    void aGoUsersImageServerUrlGivesGosUkiUrlByteForByte() throws Exception {
        HTTPBootConfigSpec spec = (HTTPBootConfigSpec) new HTTPBootConfigChild(settings("http://boot:8083/httpboot"))
                .desiredSpec(sbc(), new Server(), IMAGE, image("application/vnd.ironcore.image.uki"));

        assertThat(spec.getUkiURL()).isEqualTo("http://boot:8083/httpboot/ghcr.io/gardenlinux/gardenlinux/sha256-"
                + "3".repeat(64) + ".efi");
    }

    @Test
    void anImageServerUrlWithoutPathKeepsWorkingWithHttpbootAppended() throws Exception {
        for (String given : List.of("http://boot:8083", "http://boot:8083/")) {
            HTTPBootConfigSpec spec = (HTTPBootConfigSpec) new HTTPBootConfigChild(settings(given))
                    .desiredSpec(sbc(), new Server(), IMAGE, image("application/vnd.ironcore.image.uki"));
            assertThat(spec.getUkiURL()).as(given).startsWith("http://boot:8083/httpboot/ghcr.io/gardenlinux/gardenlinux/");
        }
    }

    @Test
    void aPlaceholderImageServerUrlFailsTheHttpChildNamingTheFlag() {
        HTTPBootConfigChild child = new HTTPBootConfigChild(settings("image-server-url"));

        assertThatThrownBy(() -> child.desiredSpec(sbc(), new Server(), IMAGE, image("application/vnd.ironcore.image.uki")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--image-server-url: ")
                .hasMessageContaining("'image-server-url'");
    }

    @Test
    void theHttpChildPicksByPlatformOnlyAndThePxeChildCnameFirst() {
        PlatformSelector configured = PlatformSelector.pxe("amd64");

        assertThat(new HTTPBootConfigChild(settings("http://b/httpboot")).platform(configured).cnamePrefix()).isEmpty();
        assertThat(new IPXEBootConfigChild(settings("http://b/httpboot")).platform(configured)).isEqualTo(configured);
    }

    @Test
    void anImageWithoutSquashfsGivesAnIpxeSpecWithoutSquashfsUrl() throws Exception {
        IPXEBootConfigSpec spec = (IPXEBootConfigSpec) new IPXEBootConfigChild(settings("http://b/httpboot"))
                .desiredSpec(sbc(), new Server(), IMAGE, image("application/vnd.ironcore.image.kernel",
                        "application/vnd.ironcore.image.initramfs"));

        assertThat(spec.getKernelURL()).isEqualTo("http://boot:8082/image?imageName=ghcr.io%2Fgardenlinux%2Fgardenlinux"
                + "&layerDigest=sha256%3A" + "1".repeat(64) + "&version=1877.0");
        assertThat(spec.getInitrdURL()).contains("2".repeat(64));
        assertThat(spec.getSquashfsURL()).isNull();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(spec).has("squashfsURL")).isFalse();
    }
}
