package dev.bootoperator.oci;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * {@code GET /v2/<repository>/blobs/<digest>}, following the registry's redirect to its storage or CDN. The
 * body streams and is not verified here: {@link BlobCache} hashes what it reads.
 */
final class BlobPuller {
    private final RegistryEndpointCaller caller;
    private final Digest digest;

    BlobPuller(RegistryEndpointCaller caller, Digest digest) {
        this.caller = caller;
        this.digest = digest;
    }

    FetchedBlob open() throws RegistryException {
        RegistryTarget target = caller.target();
        String what = "blob " + digest + " of " + target.image().name();
        HttpResponse<InputStream> response = caller.stream(what, target.repository() + "/blobs/" + digest, List.of());
        long length;
        try {
            length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        } catch (NumberFormatException malformed) {
            length = -1; // the cache then checks the length it reads against the descriptor
        }
        return new FetchedBlob(response.body(), Math.max(length, -1));
    }
}
