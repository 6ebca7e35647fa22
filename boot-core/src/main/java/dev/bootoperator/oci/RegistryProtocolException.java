package dev.bootoperator.oci;

/** The registry answered something we cannot use: malformed or oversized JSON, a manifest whose digest does not match, an unsupported manifest type, a redirect we refuse to follow. */
public final class RegistryProtocolException extends RegistryException {
    RegistryProtocolException(String registry, String message) {
        super(registry, message, null);
    }

    RegistryProtocolException(String registry, String message, Throwable cause) {
        super(registry, message, cause);
    }
}
