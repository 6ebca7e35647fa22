package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer lookup by kind and by requested media type ({@code layerName}). */
class ResolvedImageTest {
    static final ImageReference REF = ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0");

    static LayerDescriptor layer(String mediaType) {
        return new LayerDescriptor(Digest.of(mediaType.getBytes()), 10, mediaType, Map.of());
    }

    static ResolvedImage image(String... mediaTypes) {
        return new ResolvedImage(REF, Digest.of("manifest".getBytes()), Arrays.stream(mediaTypes).map(ResolvedImageTest::layer).toList());
    }

    @Test
    void mapsCurrentAndLegacyMediaTypesToKinds() {
        assertThat(LayerKind.ofMediaType("application/vnd.ironcore.image.kernel")).contains(LayerKind.KERNEL);
        assertThat(LayerKind.ofMediaType("application/io.gardenlinux.kernel")).contains(LayerKind.KERNEL);
        assertThat(LayerKind.ofMediaType("application/vnd.ironcore.image.initramfs")).contains(LayerKind.INITRD);
        assertThat(LayerKind.ofMediaType("application/io.gardenlinux.initrd")).contains(LayerKind.INITRD);
        assertThat(LayerKind.ofMediaType("application/vnd.ironcore.image.squashfs")).contains(LayerKind.SQUASHFS);
        assertThat(LayerKind.ofMediaType("application/io.gardenlinux.squashfs")).contains(LayerKind.SQUASHFS);
        assertThat(LayerKind.ofMediaType("application/vnd.ironcore.image.uki")).contains(LayerKind.UKI);
        assertThat(LayerKind.UKI.legacyMediaType()).isEmpty();
        assertThat(LayerKind.ofMediaType("application/octet-stream")).isEmpty();
    }

    @Test
    void findLayerPrefersTheCurrentMediaTypeOverTheLegacyOne() throws Exception {
        ResolvedImage image = image("application/io.gardenlinux.kernel", "application/vnd.ironcore.image.kernel");

        assertThat(image.findLayer(LayerKind.KERNEL).mediaType()).isEqualTo("application/vnd.ironcore.image.kernel");
        assertThat(image("application/io.gardenlinux.kernel").findLayer(LayerKind.KERNEL).mediaType())
                .isEqualTo("application/io.gardenlinux.kernel");
    }

    @Test
    void findLayerNamesTheMediaTypesPresentWhenAbsent() {
        assertThatThrownBy(() -> image("application/vnd.ironcore.image.kernel").findLayer(LayerKind.UKI))
                .isInstanceOf(LayerNotFoundException.class)
                .hasMessageContaining("image ghcr.io/gardenlinux/gardenlinux:1877.0")
                .hasMessageContaining("no UKI layer (application/vnd.ironcore.image.uki)")
                .hasMessageEndingWith("media types present: application/vnd.ironcore.image.kernel");
    }

    @Test
    void layerNameMatchesExactlyFirst() throws Exception {
        ResolvedImage image = image("application/vnd.ironcore.image.squashfs",
                "application/vnd.ironcore.image.squashfs.v2");

        assertThat(image.findLayerByMediaType("application/vnd.ironcore.image.squashfs").mediaType())
                .isEqualTo("application/vnd.ironcore.image.squashfs");
    }

    @Test
    void theSeedLayerNameFindsTheSquashfsLayerByPrefix() throws Exception {
        ResolvedImage image = image("application/vnd.ironcore.image.kernel", "application/vnd.ironcore.image.initramfs",
                "application/vnd.ironcore.image.squashfs", "application/vnd.ironcore.image.uki");

        assertThat(image.findLayerByMediaType("application/vnd.ironcore.image.squashfs.v1alpha1.squashfs").mediaType())
                .isEqualTo("application/vnd.ironcore.image.squashfs");
    }

    @Test
    void layerNameMayBeAPrefixOfTheLayersMediaType() throws Exception {
        assertThat(image("application/vnd.ironcore.image.kernel.v1+raw").findLayerByMediaType("application/vnd.ironcore.image.kernel")
                .mediaType()).isEqualTo("application/vnd.ironcore.image.kernel.v1+raw");
    }

    @Test
    void noMatchOrSeveralPrefixMatchesAreLayerNotFoundNamingTheMediaTypes() {
        ResolvedImage image = image("application/vnd.ironcore.image.kernel", "application/vnd.ironcore.image.initramfs");

        assertThatThrownBy(() -> image.findLayerByMediaType("application/vnd.ironcore.image.uki"))
                .isInstanceOf(LayerNotFoundException.class)
                .hasMessageContaining("no layer with media type application/vnd.ironcore.image.uki")
                .hasMessageContaining("media types present: application/vnd.ironcore.image.kernel, "
                        + "application/vnd.ironcore.image.initramfs");
        assertThatThrownBy(() -> image.findLayerByMediaType("application/vnd.ironcore.image"))
                .isInstanceOf(LayerNotFoundException.class)
                .hasMessageContaining("ambiguous: 2 layers match by prefix");
        assertThatThrownBy(() -> image().findLayerByMediaType("application/vnd.ironcore.image.uki"))
                .hasMessageEndingWith("media types present: none");
    }

    @Test
    void layersAreImmutable() {
        ResolvedImage image = image("a/b");

        assertThatThrownBy(() -> image.layers().add(layer("c/d"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new ResolvedImage(REF, Digest.of(new byte[0]), List.of()).mediaTypes()).isEmpty();
    }
}
