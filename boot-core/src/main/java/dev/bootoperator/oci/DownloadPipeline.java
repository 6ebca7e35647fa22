package dev.bootoperator.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Receives, writes and hashes one blob on three threads at once: the calling thread reads upstream into a ring of
 * {@code buffers} fixed buffers and hands each filled one to a writer thread and a hasher thread, and takes it back
 * when both are done with it. The writer makes the bytes readable to the blob's clients as soon as they are in
 * the file, so hashing is off the clients' path; the digest is checked when all three are done. Memory is bounded
 * by the ring. On one thread the three steps took turns (docs/benchmarks.md, "The pipeline").
 *
 * <p>The first failure of any stage fails the whole transfer: the reader stops reading, the other stages skip what
 * is still queued, and {@link #run} throws that failure once the stages have stopped. A write failure is thrown as
 * the sink threw it, so the cache can tell a full disk from a bad upstream.
 */
final class DownloadPipeline {
    /** Where the bytes go, on the writer thread. */
    interface Sink {
        void write(byte[] bytes, int length) throws IOException;

        /** {@code count} bytes are in the file: clients may read them. */
        void written(long count);
    }

    private static final Slot END = new Slot(0);

    private static final class Slot {
        final byte[] bytes;
        int length;
        final AtomicInteger users = new AtomicInteger();

        Slot(int size) {
            bytes = new byte[size];
        }
    }

    private final InputStream in;
    private final long size;
    private final BlobCacheVerifier verifier;
    private final Sink sink;
    private final String name;
    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Slot> toWrite;
    private final BlockingQueue<Slot> toHash;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Bytes in the file; the writer thread's own. */
    private long written;

    DownloadPipeline(InputStream in, long size, BlobCacheVerifier verifier, Sink sink, String name, int buffers,
            int bufferSize) {
        this.in = in;
        this.size = size;
        this.verifier = verifier;
        this.sink = sink;
        this.name = name;
        // one place more than there are slots, for END: offering to these never fails
        this.free = new ArrayBlockingQueue<>(buffers);
        this.toWrite = new ArrayBlockingQueue<>(buffers + 1);
        this.toHash = new ArrayBlockingQueue<>(buffers + 1);
        for (int i = 0; i < buffers; i++) {
            free.add(new Slot(bufferSize));
        }
    }

    /** Transfers the whole body; returns once it is written and matches the digest, or throws the first failure. */
    void run() throws IOException {
        Thread writer = stage("blob-write-" + name, toWrite, this::write);
        Thread hasher = stage("blob-hash-" + name, toHash, slot -> verifier.update(slot.bytes, 0, slot.length));
        try {
            read();
        } catch (IOException | RuntimeException | Error e) {
            fail(e);
        } finally {
            toWrite.add(END);
            toHash.add(END);
            joinUninterruptibly(writer);
            joinUninterruptibly(hasher);
        }
        Throwable first = failure.get();
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error e) {
            throw e;
        }
        verifier.verify();
    }

    private void read() throws IOException {
        long total = 0;
        while (failure.get() == null) {
            Slot slot;
            try {
                slot = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading " + name);
            }
            // Ask for one byte more than the blob can still have, to notice a body that is too long. A read returns
            // what has arrived, so clients get bytes as they come, yet a stall upstream holds back nothing before it.
            int n = in.read(slot.bytes, 0, (int) Math.min(slot.bytes.length, size - total + 1));
            if (n < 0) {
                free.add(slot);
                return;
            }
            if (n > size - total) {
                free.add(slot);
                throw new BlobCacheVerifier.Mismatch("upstream sent more than the " + size + " bytes the descriptor says");
            }
            total += n;
            slot.length = n;
            slot.users.set(2);
            toWrite.add(slot);
            toHash.add(slot);
        }
    }

    private void write(Slot slot) throws IOException {
        sink.write(slot.bytes, slot.length);
        written += slot.length;
        sink.written(written);
    }

    private interface Work {
        void on(Slot slot) throws IOException;
    }

    /** A thread that does {@code work} on each slot until END; after a failure anywhere it only passes slots on. */
    private Thread stage(String threadName, BlockingQueue<Slot> queue, Work work) {
        Thread t = new Thread(() -> {
            while (true) {
                Slot slot;
                try {
                    slot = queue.take();
                } catch (InterruptedException e) {
                    fail(new InterruptedIOException(threadName + " interrupted"));
                    continue; // END is still coming: the reader always sends it
                }
                if (slot == END) {
                    return;
                }
                try {
                    if (failure.get() == null) {
                        work.on(slot);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    fail(e);
                } finally {
                    if (slot.users.decrementAndGet() == 0) {
                        free.add(slot);
                    }
                }
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void fail(Throwable e) {
        failure.compareAndSet(null, e);
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
