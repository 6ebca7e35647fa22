package dev.bootoperator.oci;

import java.io.IOException;

/**
 * Opens one blob upstream. The registry client implements it; {@link BlobCache} calls it at most once per
 * download, on the download's own thread, and verifies whatever it returns.
 *
 * <pre>{@code
 * BlobFetcher fetcher = digest -> registry.openBlob(repository, digest);
 * CachedBlob layer = cache.blob(digest, size, fetcher);
 * }</pre>
 */
@FunctionalInterface
public interface BlobFetcher {
    /** Starts the download; the caller closes the result. Throws when the registry refuses or cannot be reached. */
    FetchedBlob fetch(Digest digest) throws IOException;
}
