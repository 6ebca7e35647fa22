package dev.bootoperator.oci;

import java.util.List;
import java.util.Optional;

/**
 * The boot artefacts an operating-system image carries as layers, with the media types Garden Linux uses now
 * and used before ({@code application/io.gardenlinux.*}).
 */
public enum LayerKind {
    KERNEL("application/vnd.ironcore.image.kernel", "application/io.gardenlinux.kernel"),
    INITRD("application/vnd.ironcore.image.initramfs", "application/io.gardenlinux.initrd"),
    SQUASHFS("application/vnd.ironcore.image.squashfs", "application/io.gardenlinux.squashfs"),
    UKI("application/vnd.ironcore.image.uki", null);

    private final String mediaType;
    private final Optional<String> legacyMediaType;

    LayerKind(String mediaType, String legacyMediaType) {
        this.mediaType = mediaType;
        this.legacyMediaType = Optional.ofNullable(legacyMediaType);
    }

    /** The current media type, e.g. {@code application/vnd.ironcore.image.kernel}. */
    public String mediaType() {
        return mediaType;
    }

    /** The Garden Linux media type of older images; UKI has none. */
    public Optional<String> legacyMediaType() {
        return legacyMediaType;
    }

    /** The current media type first, then the legacy one. */
    public List<String> mediaTypes() {
        return legacyMediaType.map(legacy -> List.of(mediaType, legacy)).orElseGet(() -> List.of(mediaType));
    }

    /** The kind whose current or legacy media type is exactly {@code mediaType}. */
    public static Optional<LayerKind> ofMediaType(String mediaType) {
        for (LayerKind kind : values()) {
            if (kind.mediaTypes().contains(mediaType)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
