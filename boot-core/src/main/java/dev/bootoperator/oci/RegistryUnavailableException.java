package dev.bootoperator.oci;

/** The registry cannot be reached (connection refused, unknown host, timeout) or failed (5xx, 429). */
public final class RegistryUnavailableException extends RegistryException {
    RegistryUnavailableException(String registry, String message) {
        super(registry, message, null);
    }

    RegistryUnavailableException(String registry, String message, Throwable cause) {
        super(registry, message, cause);
    }
}
