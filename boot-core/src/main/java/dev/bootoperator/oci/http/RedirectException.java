package dev.bootoperator.oci.http;

import java.io.IOException;
import java.net.URI;

/** A redirect chain we refuse to follow: too long, a loop, no usable {@code Location}, or not http(s). */
public final class RedirectException extends IOException {
    private final URI from;

    RedirectException(URI from, String message) {
        super(message);
        this.from = from;
    }

    /** The URI whose response carried the offending redirect. */
    public URI from() {
        return from;
    }
}
