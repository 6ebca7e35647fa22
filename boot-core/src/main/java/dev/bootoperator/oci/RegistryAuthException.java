package dev.bootoperator.oci;

/** The registry refused us (401 after authenticating, 403), needs credentials we do not have, or its token endpoint failed. */
public final class RegistryAuthException extends RegistryException {
    RegistryAuthException(String registry, String message) {
        super(registry, message, null);
    }

    RegistryAuthException(String registry, String message, Throwable cause) {
        super(registry, message, cause);
    }
}
