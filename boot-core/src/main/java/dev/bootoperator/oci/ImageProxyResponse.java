package dev.bootoperator.oci;

import dev.bootoperator.boot.BootResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ImageProxy} answers: a short message (errors, 416), or a layer whose bytes an adapter streams.
 *
 * <pre>{@code
 * ImageProxyResponse answer = proxy.handle(request);
 * if (answer instanceof ImageProxyResponse.Layer layer) {
 *     // status, Content-Type, Content-Length = layer.length(), headers; then, for GET:
 *     try (InputStream in = layer.openBody()) { in.transferTo(out); }
 * }
 * }</pre>
 */
public sealed interface ImageProxyResponse {
    int status();

    /** A complete small answer, written as is. */
    record Message(BootResponse response) implements ImageProxyResponse {
        public Message {
            Objects.requireNonNull(response, "response");
        }

        @Override
        public int status() {
            return response.status();
        }
    }

    /**
     * Bytes of a layer: 200 with the whole blob, or 206 with one range.
     *
     * @param offset  where the bytes start in the blob
     * @param length  the Content-Length
     * @param headers ETag, Accept-Ranges, Cache-Control and, for 206, Content-Range
     * @param body    the blob; only asked for by a GET, so a HEAD never starts a download
     */
    record Layer(int status, String contentType, long offset, long length, Map<String, String> headers, Body body)
            implements ImageProxyResponse {
        public Layer {
            Objects.requireNonNull(contentType, "contentType");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        /**
         * The bytes, streamed from the cache or from the download in flight. The stream fails, before its last
         * byte, when the blob does not verify; the adapter must then abort the response, not end it.
         */
        public InputStream openBody() throws IOException {
            return body.blob().openStream(offset, length);
        }

        /** The blob itself, e.g. to send a {@link CachedBlob#verifiedFile()} without copying it through the heap. */
        public CachedBlob blob() throws IOException {
            return body.blob();
        }
    }

    /** The blob a layer answer streams, looked up (and its download started) only when asked for. */
    @FunctionalInterface
    interface Body {
        CachedBlob blob() throws IOException;
    }
}
