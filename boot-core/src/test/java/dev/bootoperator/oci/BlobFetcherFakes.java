package dev.bootoperator.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake upstream for faults a real registry will not produce on demand: slow bodies, a pause at a chosen byte,
 * truncation, corruption, an extra byte, or an IOException mid-stream. It counts its fetches.
 */
final class BlobFetcherFakes {
    private BlobFetcherFakes() {}

    static Upstream serving(byte[] content) {
        return new Upstream(content);
    }

    /** A fetcher that must not be called. */
    static BlobFetcher unreachable() {
        return digest -> {
            throw new AssertionError("upstream fetched " + digest);
        };
    }

    static final class Upstream implements BlobFetcher {
        private final byte[] content;
        private final AtomicInteger fetches = new AtomicInteger();
        private int chunk = Integer.MAX_VALUE;
        private long delayMillis;
        private long pauseAt = -1;
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch resume = new CountDownLatch(1);
        private long truncateAt = -1;
        private long corruptAt = -1;
        private long failAt = -1;
        private boolean extraByte;
        private boolean announceLength;
        private int faultyFetches = Integer.MAX_VALUE;

        private Upstream(byte[] content) {
            this.content = content;
        }

        Digest digest() {
            return Digest.of(content);
        }

        long size() {
            return content.length;
        }

        byte[] content() {
            return content;
        }

        int fetches() {
            return fetches.get();
        }

        /** Delivers at most {@code bytes} per read, sleeping before each. */
        Upstream trickle(int bytes, long delayMillis) {
            this.chunk = bytes;
            this.delayMillis = delayMillis;
            return this;
        }

        /** The first fetch's body blocks at {@code position} until {@link #resume()}. */
        Upstream pauseAt(long position) {
            this.pauseAt = position;
            return this;
        }

        boolean awaitPaused() throws InterruptedException {
            return paused.await(10, TimeUnit.SECONDS);
        }

        void resume() {
            resume.countDown();
        }

        Upstream truncateAt(long position) {
            this.truncateAt = position;
            return this;
        }

        Upstream corruptAt(long position) {
            this.corruptAt = position;
            return this;
        }

        Upstream failAt(long position) {
            this.failAt = position;
            return this;
        }

        Upstream withExtraByte() {
            this.extraByte = true;
            return this;
        }

        Upstream announcingLength() {
            this.announceLength = true;
            return this;
        }

        /** Only the first {@code n} fetches carry the faults; later ones serve the content intact. */
        Upstream faultyFor(int n) {
            this.faultyFetches = n;
            return this;
        }

        @Override
        public FetchedBlob fetch(Digest digest) {
            int number = fetches.incrementAndGet();
            boolean faulty = number <= faultyFetches;
            byte[] body = content;
            if (faulty && corruptAt >= 0) {
                body = content.clone();
                body[(int) corruptAt] ^= 0x5a;
            }
            if (faulty && extraByte) {
                body = Arrays.copyOf(body, body.length + 1);
            }
            long end = faulty && truncateAt >= 0 ? truncateAt : body.length;
            return new FetchedBlob(new Body(body, end, faulty ? failAt : -1, number == 1 ? pauseAt : -1),
                    announceLength ? content.length : -1);
        }

        private final class Body extends InputStream {
            private final byte[] bytes;
            private final long end;
            private final long failAt;
            private final long pauseAt;
            private int position;

            Body(byte[] bytes, long end, long failAt, long pauseAt) {
                this.bytes = bytes;
                this.end = end;
                this.failAt = failAt;
                this.pauseAt = pauseAt;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (position == pauseAt) {
                    paused.countDown();
                    try {
                        if (!resume.await(30, TimeUnit.SECONDS)) {
                            throw new IOException("test never resumed the upstream body");
                        }
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                }
                if (position == failAt) {
                    throw new IOException("connection reset by fake upstream at byte " + position);
                }
                if (position >= end) {
                    return -1;
                }
                long limit = end;
                if (pauseAt > position) {
                    limit = Math.min(limit, pauseAt);
                }
                if (failAt > position) {
                    limit = Math.min(limit, failAt);
                }
                int n = (int) Math.min(Math.min(len, chunk), limit - position);
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                }
                System.arraycopy(bytes, position, b, off, n);
                position += n;
                return n;
            }
        }
    }
}
