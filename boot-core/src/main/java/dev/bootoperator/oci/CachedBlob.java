package dev.bootoperator.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A readable view of one blob of known size, as {@link BlobCache#blob} hands it out: a committed file, a
 * download in flight, or a pass-through from upstream. Every stream ends normally only after the whole blob
 * has been verified against its digest; otherwise it throws before delivering its last byte, so a client that
 * knows the Content-Length always sees a short body, never a complete-looking corrupt one.
 *
 * <pre>{@code
 * CachedBlob layer = cache.blob(digest, size, fetcher);
 * response.setContentLengthLong(layer.size());
 * try (InputStream in = layer.openStream()) { in.transferTo(response.getOutputStream()); }
 * }</pre>
 */
public sealed interface CachedBlob permits CachedFile, CachedDownload, CachedPassThrough {
    Digest digest();

    /** The blob's length in bytes, as its descriptor states it. */
    long size();

    /**
     * The bytes {@code [offset, offset + length)}, for a full body or an HTTP Range. For a download in flight
     * the stream blocks until the bytes are written, and holds back its last byte until the blob is verified.
     *
     * @throws IndexOutOfBoundsException when the range is not within {@code [0, size)}
     * @throws IOException when the blob's download has already failed or upstream cannot be opened
     */
    InputStream openStream(long offset, long length) throws IOException;

    /**
     * The committed file when this blob is one, already verified, so that an adapter can send it with its
     * container's zero-copy path; empty for a download in flight or a pass-through. The file may be evicted at
     * any time: opening it can fail, and then {@link #openStream} is the way.
     */
    default Optional<Path> verifiedFile() {
        return Optional.empty();
    }

    /** The whole blob. */
    default InputStream openStream() throws IOException {
        return openStream(0, size());
    }
}
