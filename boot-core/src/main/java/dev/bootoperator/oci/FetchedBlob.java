package dev.bootoperator.oci;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An upstream blob body as a registry returned it, not yet verified. {@code contentLength} is the announced
 * length, or {@code -1} when upstream did not say; {@link BlobCache} rejects a body whose announced length
 * differs from the descriptor's size before reading it.
 *
 * <pre>{@code
 * HttpResponse<InputStream> r = http.send(request, BodyHandlers.ofInputStream());
 * return new FetchedBlob(r.body(), r.headers().firstValueAsLong("Content-Length").orElse(-1));
 * }</pre>
 */
public record FetchedBlob(InputStream body, long contentLength) implements Closeable {
    public FetchedBlob {
        Objects.requireNonNull(body, "body");
        if (contentLength < -1) {
            throw new IllegalArgumentException("contentLength must be -1 (unknown) or >= 0, was " + contentLength);
        }
    }

    /** A body whose length upstream did not announce. */
    public static FetchedBlob ofUnknownLength(InputStream body) {
        return new FetchedBlob(body, -1);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
