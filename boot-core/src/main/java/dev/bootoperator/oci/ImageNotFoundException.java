package dev.bootoperator.oci;

/** The registry does not know the repository, tag, manifest digest or blob (a 404), or an index has no manifest for the wanted platform. */
public final class ImageNotFoundException extends RegistryException {
    ImageNotFoundException(String registry, String message) {
        super(registry, message, null);
    }

    ImageNotFoundException(String registry, String message, Throwable cause) {
        super(registry, message, cause);
    }
}
