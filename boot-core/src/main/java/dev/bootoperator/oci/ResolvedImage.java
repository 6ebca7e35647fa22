package dev.bootoperator.oci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An image resolved to one platform manifest: the reference it was asked for, the digest of the manifest that
 * was chosen, and that manifest's layers in order.
 *
 * <pre>{@code
 * ResolvedImage image = registry.resolve(ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0"));
 * LayerDescriptor kernel = image.findLayer(LayerKind.KERNEL);
 * LayerDescriptor squashfs = image.findLayerByMediaType("application/vnd.ironcore.image.squashfs.v1alpha1.squashfs");
 * }</pre>
 */
public record ResolvedImage(ImageReference reference, Digest manifestDigest, List<LayerDescriptor> layers) {
    public ResolvedImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        layers = List.copyOf(layers);
    }

    /**
     * The layer of {@code kind}: the first with its current media type, else the first with its legacy one.
     *
     * @throws LayerNotFoundException naming the media types present
     */
    public LayerDescriptor findLayer(LayerKind kind) throws LayerNotFoundException {
        Optional<LayerDescriptor> layer = layer(kind);
        if (layer.isPresent()) {
            return layer.get();
        }
        throw notFound("no " + kind + " layer (" + String.join(" or ", kind.mediaTypes()) + ")");
    }

    /** The layer of {@code kind} as {@link #findLayer}, or empty: for a layer an image may lack (squashfs). */
    public Optional<LayerDescriptor> layer(LayerKind kind) {
        for (String mediaType : kind.mediaTypes()) {
            Optional<LayerDescriptor> layer = first(mediaType);
            if (layer.isPresent()) {
                return layer;
            }
        }
        return Optional.empty();
    }

    /**
     * The layer for a requested media type ({@code layerName}): the first layer with exactly that media type;
     * failing that, the one layer whose media type is a prefix of {@code layerName} or starts with it, so
     * {@code application/vnd.ironcore.image.squashfs.v1alpha1.squashfs} finds an
     * {@code application/vnd.ironcore.image.squashfs} layer.
     *
     * @throws LayerNotFoundException when no layer matches, or several match by prefix; it names the media
     *         types present
     */
    public LayerDescriptor findLayerByMediaType(String layerName) throws LayerNotFoundException {
        Objects.requireNonNull(layerName, "layerName");
        if (layerName.isBlank()) {
            throw new IllegalArgumentException("layerName must not be blank");
        }
        Optional<LayerDescriptor> exact = first(layerName);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<LayerDescriptor> candidates = new ArrayList<>();
        for (LayerDescriptor layer : layers) {
            if (layerName.startsWith(layer.mediaType()) || layer.mediaType().startsWith(layerName)) {
                candidates.add(layer);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw notFound("no layer with media type " + layerName);
        }
        Set<String> ambiguous = new LinkedHashSet<>();
        candidates.forEach(l -> ambiguous.add(l.mediaType()));
        throw notFound("media type " + layerName + " is ambiguous: " + candidates.size()
                + " layers match by prefix (" + String.join(", ", ambiguous) + ")");
    }

    /** The media types of the layers, in order, without repeats. */
    public Set<String> mediaTypes() {
        Set<String> types = new LinkedHashSet<>();
        layers.forEach(l -> types.add(l.mediaType()));
        return types;
    }

    private Optional<LayerDescriptor> first(String mediaType) {
        return layers.stream().filter(l -> l.mediaType().equals(mediaType)).findFirst();
    }

    private LayerNotFoundException notFound(String what) {
        return new LayerNotFoundException(reference.registry(), "image " + reference + " (manifest " + manifestDigest
                + "): " + what + "; media types present: "
                + (layers.isEmpty() ? "none" : String.join(", ", mediaTypes())));
    }
}
