package dev.bootoperator.oci.http;

import java.io.IOException;
import java.net.URI;

/** A response body longer than the caller was prepared to read; reading stopped at the limit. */
public final class BodyTooLargeException extends IOException {
    private final URI uri;
    private final long limit;

    BodyTooLargeException(URI uri, long limit) {
        super("response body of " + uri + " exceeds " + limit + " bytes");
        this.uri = uri;
        this.limit = limit;
    }

    public URI uri() {
        return uri;
    }

    public long limit() {
        return limit;
    }
}
