package dev.bootoperator.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download in flight, shared by every reader of the blob (single flight). A daemon thread named
 * {@code blob-fetch-<digest prefix>} reads upstream into a small ring of fixed buffers, which threads of their own
 * write into a temp file and hash at the same time ({@link DownloadPipeline}), and commits the file by rename once
 * size and sha256 match. Readers read the growing temp file through
 * their own file handles and wait on a condition for new bytes; each holds back its last byte until the blob is
 * verified. The download does not depend on its readers: when all of them leave, it still completes and
 * commits, so the next client finds the blob cached.
 */
final class CachedDownload implements CachedBlob {
    private static final Logger LOG = LoggerFactory.getLogger(CachedDownload.class);
    /** Buffers of {@link BlobCache#CHUNK} bytes each download holds between receiving, writing and hashing. */
    static final int PIPELINE_BUFFERS = 6;

    enum Phase {
        /** Bytes are arriving in the temp file. */
        RUNNING,
        /** All bytes are in the temp file and match the digest; the commit is under way. */
        VERIFIED,
        /** The blob is a committed file (which eviction may remove later). */
        COMMITTED,
        /** The bytes were verified but could not be committed; open readers finish from their handles. */
        DISCARDED,
        /** Upstream or the disk failed; nothing was committed and the temp file is gone. */
        FAILED
    }

    /** A write to the temp file failed: readers continue by pass-through rather than fail. */
    private static final class DiskFailure extends IOException {
        DiskFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final BlobCache cache;
    private final Digest digest;
    private final long size;
    private final BlobFetcher fetcher;
    private final Path temp;
    private final Path target;
    private final WritableByteChannel out;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private Phase phase = Phase.RUNNING;
    private long written;
    private IOException failure;
    private boolean diskFailure;

    private volatile Thread thread;
    private volatile FetchedBlob upstream;
    private volatile boolean aborted;

    CachedDownload(BlobCache cache, Digest digest, long size, BlobFetcher fetcher, Path temp, Path target,
            WritableByteChannel out) {
        this.cache = cache;
        this.digest = digest;
        this.size = size;
        this.fetcher = fetcher;
        this.temp = temp;
        this.target = target;
        this.out = out;
    }

    void start() {
        Thread t = new Thread(this::run, "blob-fetch-" + digest.hex().substring(0, 12));
        t.setDaemon(true);
        thread = t;
        t.start();
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
        boolean passThrough;
        lock.lock();
        try {
            switch (phase) {
                case RUNNING:
                case VERIFIED:
                    return new Reader(FileChannel.open(temp, StandardOpenOption.READ), offset, offset + length);
                case COMMITTED:
                    try {
                        return new CachedFile.RangeStream(FileChannel.open(target, StandardOpenOption.READ), target,
                                offset, offset + length);
                    } catch (NoSuchFileException evicted) {
                        passThrough = false;
                    }
                    break;
                case FAILED:
                    if (!diskFailure) {
                        throw failed();
                    }
                    passThrough = true;
                    break;
                default:
                    passThrough = false;
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock, because the cache takes its own lock before this one.
        return passThrough
                ? cache.passThrough(digest, size, fetcher).openStream(offset, length)
                : cache.blob(digest, size, fetcher).openStream(offset, length);
    }

    /** Blocks until the download has committed, or throws why it did not. */
    void awaitCommitted() throws IOException {
        lock.lock();
        try {
            while (phase == Phase.RUNNING || phase == Phase.VERIFIED) {
                awaitProgress();
            }
            if (phase == Phase.FAILED) {
                throw failed();
            }
            if (phase == Phase.DISCARDED) {
                throw new IOException(digest + ": downloaded and verified, but could not be stored in the cache");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the download because the cache closes; readers get an IOException. */
    void abort() {
        aborted = true;
        FetchedBlob body = upstream;
        if (body != null) {
            BlobCache.closeQuietly(body);
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Renames the verified temp file into place; called by the cache under its lock. */
    void moveInto() throws IOException {
        lock.lock();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            phase = Phase.COMMITTED;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            transfer();
        } catch (DiskFailure e) {
            fail(aborted ? closed(e) : (IOException) e.getCause(), !aborted);
            return;
        } catch (IOException e) {
            fail(aborted ? closed(e) : e, false);
            return;
        } catch (RuntimeException | Error e) {
            fail(new IOException(e.toString(), e), false);
            throw e;
        }
        lock.lock();
        try {
            phase = Phase.VERIFIED;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (out instanceof FileChannel file) {
                file.force(false);
            }
            out.close();
            cache.commit(this);
        } catch (IOException e) {
            discard(e);
        }
    }

    private void transfer() throws IOException {
        BlobCacheVerifier verifier = new BlobCacheVerifier(digest, size);
        FetchedBlob fetched = cache.fetchUpstream(fetcher, digest);
        upstream = fetched;
        try {
            if (aborted) {
                throw new IOException("blob cache closed");
            }
            verifier.checkAnnounced(fetched.contentLength());
            new DownloadPipeline(fetched.body(), size, verifier, new DownloadPipeline.Sink() {
                @Override
                public void write(byte[] bytes, int length) throws IOException {
                    CachedDownload.this.write(bytes, length);
                }

                @Override
                public void written(long count) {
                    publish(count);
                }
            }, digest.hex().substring(0, 12), PIPELINE_BUFFERS, BlobCache.CHUNK).run();
        } finally {
            BlobCache.closeQuietly(fetched);
        }
    }

    private void write(byte[] buffer, int n) throws DiskFailure {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new DiskFailure(e);
        }
    }

    private void publish(long count) {
        lock.lock();
        try {
            written = count;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException cause, boolean disk) {
        BlobCache.closeQuietly(out);
        cache.forget(this);
        if (cause instanceof BlobCacheVerifier.Mismatch) {
            cache.countVerifyFailure(); // before readers learn of it, so the count is never behind what they saw
        }
        lock.lock();
        try {
            phase = Phase.FAILED;
            failure = cause;
            diskFailure = disk;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        BlobCache.deleteQuietly(temp);
        if (disk) {
            cache.warnDiskFull(digest, cause, "its readers continue by pass-through from upstream");
        } else {
            LOG.warn("Blob {} was not cached: {}", digest, cause.getMessage());
        }
    }

    private void discard(IOException cause) {
        BlobCache.closeQuietly(out);
        cache.forget(this);
        lock.lock();
        try {
            phase = Phase.DISCARDED;
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        BlobCache.deleteQuietly(temp);
        if (aborted) {
            LOG.debug("Blob {} downloaded but not committed: the cache closed", digest);
        } else {
            cache.warnDiskFull(digest, cause, "it was served but not committed");
        }
    }

    private IOException closed(IOException cause) {
        return new IOException("the blob cache closed", cause);
    }

    private IOException failed() {
        return new IOException(digest + ": download failed: " + failure.getMessage(), failure);
    }

    private void awaitProgress() throws InterruptedIOException {
        try {
            progressed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + digest);
        }
    }

    @Override
    public String toString() {
        return "CachedDownload[" + digest + ", " + size + " bytes]";
    }

    /** Reads {@code [start, end)} of the growing temp file through its own handle; no buffer of its own. */
    private final class Reader extends InputStream {
        private final FileChannel channel;
        private final long start;
        private final long end;
        private long position;
        private InputStream passThrough;
        private volatile boolean closed;

        Reader(FileChannel channel, long start, long end) {
            this.channel = channel;
            this.start = start;
            this.end = end;
            this.position = start;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (passThrough != null) {
                return readPassThrough(bytes, offset, length);
            }
            if (closed) {
                throw new IOException("stream closed");
            }
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            long readable = awaitReadable();
            if (readable < 0) {
                passThrough = cache.passThrough(digest, size, fetcher).resume(position, end, channel, start);
                return readPassThrough(bytes, offset, length);
            }
            int want = (int) Math.min(Math.min(length, BlobCache.CHUNK), readable - position);
            int n;
            try {
                n = channel.read(ByteBuffer.wrap(bytes, offset, want), position);
            } catch (ClosedChannelException e) {
                throw new IOException("stream closed", e);
            }
            if (n < 0) {
                throw new IOException(digest + ": temp file ends at byte " + position + " of " + size);
            }
            position += n;
            return n;
        }

        private int readPassThrough(byte[] bytes, int offset, int length) throws IOException {
            int n = passThrough.read(bytes, offset, length);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        /**
         * Waits until bytes past {@code position} may be delivered and returns where they end; -1 when the disk
         * failed and this reader must continue from upstream.
         */
        private long awaitReadable() throws IOException {
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        throw new IOException("stream closed");
                    }
                    switch (phase) {
                        case FAILED:
                            if (diskFailure) {
                                return -1;
                            }
                            throw failed();
                        case RUNNING:
                            long readable = Math.min(written, end - 1); // the last byte waits for verification
                            if (readable > position) {
                                return readable;
                            }
                            break;
                        default:
                            return end;
                    }
                    awaitProgress();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            if (passThrough != null || closed) {
                return 0;
            }
            lock.lock();
            try {
                long readable = phase == Phase.RUNNING ? Math.min(written, end - 1) : phase == Phase.FAILED ? 0 : end;
                return (int) Math.max(0, Math.min(Integer.MAX_VALUE, readable - position));
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            lock.lock();
            try {
                progressed.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                channel.close();
            } finally {
                if (passThrough != null) {
                    passThrough.close();
                }
            }
        }
    }
}
