package dev.bootoperator.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A blob streamed straight from upstream, one fetch per stream: used for blobs larger than the cache and when
 * the disk is full. Each stream hashes the whole blob, including bytes outside its range, and delivers its
 * last byte only after the digest matched.
 */
final class CachedPassThrough implements CachedBlob {
    private final BlobCache cache;
    private final Digest digest;
    private final long size;
    private final BlobFetcher fetcher;

    CachedPassThrough(BlobCache cache, Digest digest, long size, BlobFetcher fetcher) {
        this.cache = cache;
        this.digest = digest;
        this.size = size;
        this.fetcher = fetcher;
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream openStream(long offset, long length) throws IOException {
        Objects.checkFromIndexSize(offset, length, size);
        return open(offset, offset + length, null, offset);
    }

    /**
     * Continues a stream that already delivered {@code [deliveredFrom, offset)} out of {@code delivered}: those
     * bytes are compared with what upstream sends now, so a reader never gets two different blobs spliced.
     */
    InputStream resume(long offset, long end, FileChannel delivered, long deliveredFrom) throws IOException {
        return open(offset, end, delivered, deliveredFrom);
    }

    private InputStream open(long offset, long end, FileChannel delivered, long deliveredFrom) throws IOException {
        cache.countPassThrough();
        FetchedBlob fetched = cache.fetchUpstream(fetcher, digest);
        BlobCacheVerifier verifier = new BlobCacheVerifier(digest, size);
        try {
            verifier.checkAnnounced(fetched.contentLength());
        } catch (BlobCacheVerifier.Mismatch e) {
            BlobCache.closeQuietly(fetched);
            cache.countVerifyFailure();
            throw new IOException(digest + ": " + e.getMessage(), e);
        }
        return new Stream(fetched, verifier, offset, end, delivered, deliveredFrom);
    }

    @Override
    public String toString() {
        return "CachedPassThrough[" + digest + ", " + size + " bytes]";
    }

    private final class Stream extends InputStream {
        private final FetchedBlob fetched;
        private final InputStream upstream;
        private final BlobCacheVerifier verifier;
        private final long offset;
        private final long end;
        private final FileChannel delivered;
        private final long deliveredFrom;
        private byte[] skipBuffer;
        private byte[] compareBuffer;
        private IOException failure;
        private boolean finished;

        Stream(FetchedBlob fetched, BlobCacheVerifier verifier, long offset, long end, FileChannel delivered,
                long deliveredFrom) {
            this.fetched = fetched;
            this.upstream = fetched.body();
            this.verifier = verifier;
            this.offset = offset;
            this.end = end;
            this.delivered = delivered;
            this.deliveredFrom = deliveredFrom;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, bytes.length);
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure.getCause());
            }
            if (len == 0) {
                return 0;
            }
            if (finished || offset == end) {
                return -1;
            }
            try {
                return readVerified(bytes, off, len);
            } catch (IOException e) {
                if (e instanceof BlobCacheVerifier.Mismatch) {
                    cache.countVerifyFailure();
                }
                failure = new IOException(digest + " from upstream: " + e.getMessage(), e);
                throw failure;
            }
        }

        private int readVerified(byte[] bytes, int off, int len) throws IOException {
            while (verifier.count() < offset) {
                consume(offset - verifier.count(), true);
            }
            long position = verifier.count();
            if (position < end - 1) {
                int n = upstream.read(bytes, off, (int) Math.min(len, end - 1 - position));
                if (n < 0) {
                    throw verifier.truncated();
                }
                verifier.update(bytes, off, n);
                return n;
            }
            // The range's last byte: hash the rest of the blob and verify it before letting the byte go.
            int last = upstream.read();
            if (last < 0) {
                throw verifier.truncated();
            }
            bytes[off] = (byte) last;
            verifier.update(bytes, off, 1);
            while (consume(Long.MAX_VALUE, false) >= 0) {
                // drain to upstream's end of stream; update() rejects a body longer than the blob
            }
            verifier.verify();
            finished = true;
            return 1;
        }

        /** Reads and hashes up to {@code max} bytes that this stream does not deliver; -1 at end of stream. */
        private int consume(long max, boolean requireMore) throws IOException {
            if (skipBuffer == null) {
                skipBuffer = new byte[BlobCache.CHUNK];
            }
            long position = verifier.count();
            int n = upstream.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, max));
            if (n < 0) {
                if (requireMore) {
                    throw verifier.truncated();
                }
                return -1;
            }
            verifier.update(skipBuffer, 0, n);
            if (delivered != null) {
                compareWithDelivered(position, n);
            }
            return n;
        }

        /** Compares the part of {@code skipBuffer[0, n)} (at {@code position}) that this reader delivered before. */
        private void compareWithDelivered(long position, int n) throws IOException {
            long from = Math.max(position, deliveredFrom);
            long to = Math.min(position + n, offset);
            if (from >= to) {
                return;
            }
            if (compareBuffer == null) {
                compareBuffer = new byte[BlobCache.CHUNK];
            }
            int length = (int) (to - from);
            ByteBuffer target = ByteBuffer.wrap(compareBuffer, 0, length);
            while (target.hasRemaining()) {
                if (delivered.read(target, from + target.position()) < 0) {
                    throw new IOException("the partly delivered copy ends early at byte " + from);
                }
            }
            int skip = (int) (from - position);
            int differs = Arrays.mismatch(compareBuffer, 0, length, skipBuffer, skip, skip + length);
            if (differs >= 0) {
                throw new IOException("upstream now sends another byte at " + (from + differs)
                        + " than this stream already delivered");
            }
        }

        @Override
        public void close() throws IOException {
            fetched.close();
        }
    }
}
