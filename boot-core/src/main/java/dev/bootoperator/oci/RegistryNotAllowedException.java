package dev.bootoperator.oci;

/** The policy refused the registry; thrown before any request to it. */
public final class RegistryNotAllowedException extends RegistryException {
    RegistryNotAllowedException(String registry, String message) {
        super(registry, message, null);
    }

    RegistryNotAllowedException(String registry, String message, Throwable cause) {
        super(registry, message, cause);
    }
}
