package dev.bootoperator.oci;

import java.net.http.HttpResponse;

/** {@code HEAD /v2/<repository>/blobs/<digest>}: whether the blob exists, and its length. */
final class BlobChecker {
    private final RegistryEndpointCaller caller;
    private final Digest digest;

    BlobChecker(RegistryEndpointCaller caller, Digest digest) {
        this.caller = caller;
        this.digest = digest;
    }

    long size() throws RegistryException {
        RegistryTarget target = caller.target();
        String what = "blob " + digest + " of " + target.image().name();
        HttpResponse<byte[]> response = caller.head(what, target.repository() + "/blobs/" + digest);
        long length;
        try {
            length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        } catch (NumberFormatException malformed) {
            length = -1;
        }
        if (length < 0) {
            throw new RegistryProtocolException(target.registry(), what + ": HEAD answered without a valid Content-Length");
        }
        return length;
    }
}
