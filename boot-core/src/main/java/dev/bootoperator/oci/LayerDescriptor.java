package dev.bootoperator.oci;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One layer of a resolved image manifest: what to fetch ({@code digest}), how long it is, and what it is.
 *
 * @param annotations the layer's OCI annotations, e.g. {@code org.opencontainers.image.title}; never null
 */
public record LayerDescriptor(Digest digest, long size, String mediaType, Map<String, String> annotations) {
    public LayerDescriptor {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        annotations = Map.copyOf(annotations);
        if (size < 0) {
            throw new IllegalArgumentException("layer " + digest + ": size must be >= 0, was " + size);
        }
    }

    /** The boot artefact this layer is, by its media type. */
    public Optional<LayerKind> kind() {
        return LayerKind.ofMediaType(mediaType);
    }
}
