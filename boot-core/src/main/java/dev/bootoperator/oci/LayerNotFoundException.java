package dev.bootoperator.oci;

/** The image has no layer of the wanted kind or media type, or several match a media type prefix. The message lists the media types present. */
public final class LayerNotFoundException extends RegistryException {
    LayerNotFoundException(String registry, String message) {
        super(registry, message, null);
    }

    LayerNotFoundException(String registry, String message, Throwable cause) {
        super(registry, message, cause);
    }
}
