package dev.bootoperator.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/** A committed, verified blob file. If eviction removes it before a stream opens, the cache resolves it again. */
final class CachedFile implements CachedBlob {
    private final BlobCache cache;
    private final Digest digest;
    private final long size;
    private final Path file;
    private final BlobFetcher fetcher;

    CachedFile(BlobCache cache, Digest digest, long size, Path file, BlobFetcher fetcher) {
        this.cache = cache;
        this.digest = digest;
        this.size = size;
        this.file = file;
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
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException evicted) {
            return cache.blob(digest, size, fetcher).openStream(offset, length);
        }
        return new RangeStream(channel, file, offset, offset + length);
    }

    @Override
    public Optional<Path> verifiedFile() {
        return Optional.of(file);
    }

    @Override
    public String toString() {
        return "CachedFile[" + digest + ", " + size + " bytes]";
    }

    /** Positional reads of {@code [position, end)} from a verified file; a file that ends early is an error. */
    static final class RangeStream extends InputStream {
        private final FileChannel channel;
        private final Path file;
        private final long end;
        private long position;

        RangeStream(FileChannel channel, Path file, long position, long end) {
            this.channel = channel;
            this.file = file;
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int want = (int) Math.min(Math.min(length, BlobCache.CHUNK), end - position);
            int n;
            try {
                n = channel.read(ByteBuffer.wrap(bytes, offset, want), position);
            } catch (ClosedChannelException e) {
                throw new IOException("stream closed", e);
            }
            if (n < 0) {
                throw new IOException("cached blob " + file + " ends at byte " + position + ", expected " + end);
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
