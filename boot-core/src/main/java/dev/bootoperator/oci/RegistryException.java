package dev.bootoperator.oci;

import java.io.IOException;
import java.util.Objects;

/**
 * A registry operation that failed. The message names the registry and the image, blob or digest concerned.
 * The subtypes tell what an HTTP front end should answer:
 *
 * <ul>
 *   <li>{@link RegistryNotAllowedException}: the policy refused the registry, no request was made (403).</li>
 *   <li>{@link ImageNotFoundException}, {@link LayerNotFoundException}: no such image, tag, digest, platform
 *       or layer (404).</li>
 *   <li>{@link RegistryUnavailableException}, {@link RegistryAuthException}, {@link RegistryProtocolException}:
 *       the registry is unreachable, slow, failing, refuses our credentials, or answers something unusable
 *       (502).</li>
 * </ul>
 *
 * <p>It is an {@link IOException}, so a registry call fits where I/O may fail, such as a {@link BlobFetcher}.
 * Only this package creates them.
 *
 * <pre>{@code
 * try {
 *     image = registry.resolve(ImageReference.parse(name));
 * } catch (RegistryNotAllowedException e) {
 *     return forbidden(e.getMessage());
 * } catch (ImageNotFoundException | LayerNotFoundException e) {
 *     return notFound(e.getMessage());
 * } catch (RegistryException e) {
 *     return badGateway(e.getMessage());
 * }
 * }</pre>
 */
public abstract sealed class RegistryException extends IOException
        permits RegistryNotAllowedException, ImageNotFoundException, LayerNotFoundException,
                RegistryUnavailableException, RegistryAuthException, RegistryProtocolException {
    private final String registry;

    RegistryException(String registry, String message, Throwable cause) {
        super(message, cause);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The canonical registry concerned, e.g. {@code ghcr.io} or {@code 127.0.0.1:5000}. */
    public String registry() {
        return registry;
    }
}
