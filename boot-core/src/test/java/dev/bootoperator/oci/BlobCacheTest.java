package dev.bootoperator.oci;

import static dev.bootoperator.oci.BlobCacheTestData.bytes;
import static dev.bootoperator.oci.BlobFetcherFakes.serving;
import static dev.bootoperator.oci.BlobFetcherFakes.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class BlobCacheTest {
    private static final long MiB = 1 << 20;

    @TempDir
    Path dir;

    private final List<BlobCache> opened = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        opened.forEach(BlobCache::close);
        awaitDownloadsFinished();
    }

    private BlobCache open(long maxBytes) throws IOException {
        return track(BlobCache.open(dir, maxBytes));
    }

    private BlobCache track(BlobCache cache) {
        opened.add(cache);
        return cache;
    }

    @Test
    void servesAHitFromDiskAfterAMissWithOneUpstreamFetch() throws Exception {
        var upstream = serving(bytes(300_000, 1));
        BlobCache cache = open(10 * MiB);

        assertThat(readAll(cache.blob(upstream.digest(), upstream.size(), upstream))).isEqualTo(upstream.content());
        awaitDownloadsFinished();
        CachedBlob hit = cache.blob(upstream.digest(), upstream.size(), upstream);

        assertThat(hit).isInstanceOf(CachedFile.class);
        assertThat(readAll(hit)).isEqualTo(upstream.content());
        assertThat(upstream.fetches()).isEqualTo(1);
        assertThat(Files.readAllBytes(committed(upstream.digest()))).isEqualTo(upstream.content());
        assertThat(cache.stats()).isEqualTo(new BlobCacheStats(1, 1, 1, upstream.size(), 0, 0, 0));
    }

    @Test
    void thirtyTwoConcurrentReadersOfOneUncachedBlobShareOneSlowFetchAndAllVerify() throws Exception {
        var upstream = serving(bytes((int) MiB, 2)).trickle(8 * 1024, 2);
        BlobCache cache = open(10 * MiB);
        CyclicBarrier together = new CyclicBarrier(32);

        List<Future<Digest>> bodies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            bodies.add(pool.submit(() -> {
                together.await();
                try (InputStream in = cache.blob(upstream.digest(), upstream.size(), upstream).openStream()) {
                    return BlobCacheTestData.digestOf(in);
                }
            }));
        }

        for (Future<Digest> body : bodies) {
            assertThat(body.get(30, TimeUnit.SECONDS)).isEqualTo(upstream.digest());
        }
        assertThat(upstream.fetches()).isEqualTo(1);
        awaitDownloadsFinished();
        assertThat(cache.stats().upstreamFetches()).isEqualTo(1);
        assertThat(cache.stats().hits() + cache.stats().misses()).isEqualTo(32);
        assertThat(committed(upstream.digest())).exists();
    }

    @Test
    void aReaderReceivesTheFirstHalfWhileUpstreamIsStillStuckHalfWay() throws Exception {
        var upstream = serving(bytes(400_000, 3)).pauseAt(200_000);
        BlobCache cache = open(10 * MiB);

        try (InputStream in = cache.blob(upstream.digest(), upstream.size(), upstream).openStream()) {
            byte[] firstHalf = in.readNBytes(200_000);

            assertThat(upstream.awaitPaused()).isTrue();
            assertThat(firstHalf).isEqualTo(Arrays.copyOf(upstream.content(), 200_000));
            assertThat(threadNames()).contains("blob-fetch-" + upstream.digest().hex().substring(0, 12));
            assertThat(committed(upstream.digest())).doesNotExist();
            try (InputStream late = cache.blob(upstream.digest(), upstream.size(), upstream).openStream()) {
                assertThat(late.readNBytes(200_000)).as("a late joiner starts at byte 0").isEqualTo(firstHalf);
            }

            upstream.resume();
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(upstream.content(), 200_000, 400_000));
        }
    }

    enum Fault {
        TRUNCATED(u -> u.truncateAt(250_000), true),
        CORRUPT(u -> u.corruptAt(150_000), true),
        TOO_LONG(BlobFetcherFakes.Upstream::withExtraByte, true),
        RESET_MID_STREAM(u -> u.failAt(200_000), false);

        final java.util.function.UnaryOperator<BlobFetcherFakes.Upstream> apply;
        final boolean verifyFailure;

        Fault(java.util.function.UnaryOperator<BlobFetcherFakes.Upstream> apply, boolean verifyFailure) {
            this.apply = apply;
            this.verifyFailure = verifyFailure;
        }
    }

    @ParameterizedTest(name = "upstream {0}")
    @EnumSource(Fault.class)
    void everyReaderFailsShortNothingIsCommittedAndTheNextCallFetchesAgainWhen(Fault fault) throws Exception {
        var upstream = fault.apply.apply(serving(bytes(300_000, 4)).trickle(16 * 1024, 2)).faultyFor(1).pauseAt(100_000);
        BlobCache cache = open(10 * MiB);

        List<Future<Outcome>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CachedBlob blob = cache.blob(upstream.digest(), upstream.size(), upstream);
            readers.add(pool.submit(() -> readUntilEnd(blob)));
        }
        assertThat(upstream.awaitPaused()).isTrue(); // all four joined the first, faulty download
        upstream.resume();
        for (Future<Outcome> reader : readers) {
            Outcome outcome = reader.get(30, TimeUnit.SECONDS);
            assertThat(outcome.failure()).as("every reader's stream throws").isInstanceOf(IOException.class);
            assertThat(outcome.bytes()).as("no reader sees a complete-looking body").isLessThan(upstream.size());
        }
        assertThat(upstream.fetches()).isEqualTo(1);
        awaitDownloadsFinished();
        assertThat(committed(upstream.digest())).doesNotExist();
        assertThat(filesInCache()).isEmpty();
        assertThat(cache.stats().verifyFailures()).isEqualTo(fault.verifyFailure ? 1 : 0);

        assertThat(readAll(cache.blob(upstream.digest(), upstream.size(), upstream))).isEqualTo(upstream.content());
        assertThat(upstream.fetches()).isEqualTo(2);
        awaitDownloadsFinished();
        assertThat(committed(upstream.digest())).exists();
    }

    @Test
    void anAnnouncedLengthThatDiffersFromTheDescriptorFailsBeforeAnyByte() throws Exception {
        var upstream = serving(bytes(10_000, 5)).announcingLength();
        BlobCache cache = open(10 * MiB);

        CachedBlob blob = cache.blob(upstream.digest(), 10_001, upstream);

        // The download may fail before or after the stream opens; either way no byte is delivered.
        assertThatThrownBy(() -> readAll(blob)).hasMessageContaining("announced 10000 bytes, the descriptor says 10001");
        awaitDownloadsFinished();
        assertThat(filesInCache()).isEmpty();
    }

    @Test
    void aRestartKeepsCommittedBlobsAndDeletesUnfinishedDownloads() throws Exception {
        var upstream = serving(bytes(100_000, 6));
        BlobCache first = open(10 * MiB);
        readAll(first.blob(upstream.digest(), upstream.size(), upstream));
        awaitDownloadsFinished();
        first.close();
        Path leftover = Files.write(dir.resolve("blobs/sha256/" + upstream.digest().hex() + ".5eed.tmp"), new byte[7]);

        BlobCache second = open(10 * MiB);
        CachedBlob blob = second.blob(upstream.digest(), upstream.size(), unreachable());

        assertThat(blob).isInstanceOf(CachedFile.class);
        assertThat(readAll(blob)).isEqualTo(upstream.content());
        assertThat(second.stats().bytesCached()).isEqualTo(upstream.size());
        assertThat(leftover).doesNotExist();
    }

    @Test
    void evictsTheLeastRecentlyUsedBlobToStayUnderTheBound() throws Exception {
        var a = serving(bytes(1000, 10));
        var b = serving(bytes(1000, 11));
        var c = serving(bytes(1000, 12));
        var d = serving(bytes(1000, 13));
        BlobCache cache = open(3000);
        for (var upstream : List.of(a, b, c)) {
            readAll(cache.blob(upstream.digest(), upstream.size(), upstream));
            awaitDownloadsFinished();
        }

        readAll(cache.blob(a.digest(), a.size(), a)); // a is now the most recently used; b the least
        readAll(cache.blob(d.digest(), d.size(), d));
        awaitDownloadsFinished();

        assertThat(committed(b.digest())).doesNotExist();
        assertThat(List.of(a, c, d)).allSatisfy(u -> assertThat(committed(u.digest())).exists());
        assertThat(cache.stats().evictions()).isEqualTo(1);
        assertThat(cache.stats().bytesCached()).isEqualTo(3000);
        assertThat(readAll(cache.blob(b.digest(), b.size(), b))).isEqualTo(b.content());
        assertThat(b.fetches()).isEqualTo(2);
    }

    @Test
    void aRestartWithASmallerBoundEvictsTheBlobsAccessedLongestAgo() throws Exception {
        var a = serving(bytes(1000, 20));
        var b = serving(bytes(1000, 21));
        var c = serving(bytes(1000, 22));
        BlobCache first = open(3000);
        for (var upstream : List.of(a, b, c)) {
            readAll(first.blob(upstream.digest(), upstream.size(), upstream));
        }
        awaitDownloadsFinished();
        first.close();
        Instant now = Instant.now();
        Files.setLastModifiedTime(committed(a.digest()), FileTime.from(now.minus(Duration.ofHours(3))));
        Files.setLastModifiedTime(committed(b.digest()), FileTime.from(now.minus(Duration.ofHours(1))));
        Files.setLastModifiedTime(committed(c.digest()), FileTime.from(now.minus(Duration.ofHours(2))));

        BlobCache second = open(2000);

        assertThat(committed(a.digest())).doesNotExist();
        assertThat(committed(b.digest())).exists();
        assertThat(committed(c.digest())).exists();
        assertThat(second.stats().bytesCached()).isEqualTo(2000);
    }

    @Test
    void aBlobLargerThanTheBoundPassesThroughVerifiedAndIsNotCached() throws Exception {
        var upstream = serving(bytes(50_000, 30));
        BlobCache cache = open(10_000);

        CachedBlob blob = cache.blob(upstream.digest(), upstream.size(), upstream);

        assertThat(blob).isInstanceOf(CachedPassThrough.class);
        assertThat(readAll(blob)).isEqualTo(upstream.content());
        try (InputStream range = blob.openStream(20_000, 100)) {
            assertThat(range.readAllBytes()).isEqualTo(Arrays.copyOfRange(upstream.content(), 20_000, 20_100));
        }
        assertThat(filesInCache()).isEmpty();
        assertThat(upstream.fetches()).isEqualTo(2);
        assertThat(cache.stats().passThroughs()).isEqualTo(2);
        assertThat(cache.stats().bytesCached()).isZero();
    }

    @Test
    void aCorruptPassThroughThrowsBeforeItsLastByte() throws Exception {
        var upstream = serving(bytes(50_000, 31)).corruptAt(49_999);
        BlobCache cache = open(10_000);

        Outcome outcome = readUntilEnd(cache.blob(upstream.digest(), upstream.size(), upstream).openStream());

        assertThat(outcome.failure()).hasMessageContaining("sha256");
        assertThat(outcome.bytes()).isEqualTo(upstream.size() - 1);
        assertThat(cache.stats().verifyFailures()).isEqualTo(1);
    }

    @Test
    void whenTheTempFileCannotBeCreatedTheBlobPassesThroughVerified() throws Exception {
        var upstream = serving(bytes(200_000, 40));
        BlobCache cache = track(BlobCache.open(dir, 10 * MiB, file -> {
            throw new IOException("No space left on device");
        }));

        CachedBlob blob = cache.blob(upstream.digest(), upstream.size(), upstream);

        assertThat(readAll(blob)).isEqualTo(upstream.content());
        assertThat(cache.stats().passThroughs()).isEqualTo(1);
        assertThat(filesInCache()).isEmpty();
    }

    @Test
    void whenTheDiskFillsMidDownloadItsReadersContinueFromUpstreamWithoutAGlitch() throws Exception {
        var upstream = serving(bytes(300_000, 41)).pauseAt(50_000);
        BlobCache cache = track(BlobCache.open(dir, 10 * MiB, file -> failingAfter(100_000, BlobCacheDisk.REAL.create(file))));
        InputStream first = cache.blob(upstream.digest(), upstream.size(), upstream).openStream();
        InputStream second = cache.blob(upstream.digest(), upstream.size(), upstream).openStream();
        byte[] firstStart = first.readNBytes(40_000);
        byte[] secondStart = second.readNBytes(10_000);

        upstream.resume();
        byte[] firstRest = first.readAllBytes();
        byte[] secondRest = second.readAllBytes();
        first.close();
        second.close();

        assertThat(concat(firstStart, firstRest)).isEqualTo(upstream.content());
        assertThat(concat(secondStart, secondRest)).isEqualTo(upstream.content());
        awaitDownloadsFinished();
        assertThat(upstream.fetches()).isEqualTo(3);
        assertThat(cache.stats().passThroughs()).isEqualTo(2);
        assertThat(filesInCache()).isEmpty();
    }

    @Test
    void aReaderResumingFromUpstreamAfterADiskFailureRefusesBytesThatDifferFromWhatItDelivered() throws Exception {
        var upstream = serving(bytes(300_000, 42)).corruptAt(1_000).faultyFor(1).pauseAt(50_000);
        BlobCache cache = track(BlobCache.open(dir, 10 * MiB, file -> failingAfter(100_000, BlobCacheDisk.REAL.create(file))));
        InputStream in = cache.blob(upstream.digest(), upstream.size(), upstream).openStream();
        in.readNBytes(40_000); // includes the corrupt byte of the first fetch

        upstream.resume();
        Outcome rest = readUntilEnd(in);

        assertThat(rest.failure()).hasMessageContaining("another byte at 1000 ");
        assertThat(40_000 + rest.bytes()).isLessThan(upstream.size());
        assertThat(upstream.fetches()).isEqualTo(2);
    }

    @Test
    void servesRangesOfACommittedBlob() throws Exception {
        var upstream = serving(bytes(100_000, 50));
        BlobCache cache = open(10 * MiB);
        cache.prefetch(upstream.digest(), upstream.size(), upstream);
        CachedBlob blob = cache.blob(upstream.digest(), upstream.size(), upstream);

        assertThat(readRange(blob, 1_000, 5_000)).isEqualTo(Arrays.copyOfRange(upstream.content(), 1_000, 6_000));
        assertThat(readRange(blob, 99_999, 1)).containsExactly(upstream.content()[99_999]);
        assertThat(readRange(blob, 100_000, 0)).isEmpty();
        assertThatThrownBy(() -> blob.openStream(99_000, 2_000)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aRangeOfAnInFlightBlobStreamsWrittenBytesAndHoldsItsLastByteUntilVerified() throws Exception {
        var upstream = serving(bytes(200_000, 51)).pauseAt(100_000);
        BlobCache cache = open(10 * MiB);
        CachedBlob blob = cache.blob(upstream.digest(), upstream.size(), upstream);
        InputStream early = blob.openStream(10_000, 10_000);
        InputStream late = blob.openStream(150_000, 10_000);

        byte[] head = early.readNBytes(9_999);
        assertThat(upstream.awaitPaused()).isTrue();
        CompletableFuture<Integer> lastByte = CompletableFuture.supplyAsync(() -> readOne(early), pool);
        Thread.sleep(200);
        assertThat(lastByte).as("the range's last byte waits for verification").isNotDone();
        upstream.resume();

        assertThat(head).isEqualTo(Arrays.copyOfRange(upstream.content(), 10_000, 19_999));
        assertThat(lastByte.get(10, TimeUnit.SECONDS)).isEqualTo(upstream.content()[19_999] & 0xff);
        assertThat(early.read()).isEqualTo(-1);
        assertThat(late.readAllBytes()).isEqualTo(Arrays.copyOfRange(upstream.content(), 150_000, 160_000));
        early.close();
        late.close();
    }

    @Test
    void readersThatLeaveEarlyReleaseTheirHandlesAndTheDownloadStillCommits() throws Exception {
        var upstream = serving(bytes((int) MiB, 60)).trickle(16 * 1024, 5).pauseAt(600_000);
        BlobCache cache = open(10 * MiB);
        for (int i = 0; i < 8; i++) {
            try (InputStream in = cache.blob(upstream.digest(), upstream.size(), upstream).openStream()) {
                assertThat(in.readNBytes(20_000 * (i + 1))).hasSize(20_000 * (i + 1));
            }
        }
        InputStream waiting = cache.blob(upstream.digest(), upstream.size(), upstream).openStream();
        Future<Outcome> blocked = pool.submit(() -> readUntilEnd(waiting));
        assertThat(upstream.awaitPaused()).isTrue();
        Thread.sleep(50);
        waiting.close();

        assertThat(blocked.get(10, TimeUnit.SECONDS).failure()).as("closing wakes a waiting reader")
                .hasMessageContaining("stream closed");
        upstream.resume(); // every reader has left; the download carries on alone
        awaitDownloadsFinished();
        assertThat(threadNames()).noneMatch(name -> name.startsWith("blob-fetch-"));
        assertThat(openFilesUnder(dir)).isEmpty();
        assertThat(upstream.fetches()).isEqualTo(1);
        try (InputStream in = Files.newInputStream(committed(upstream.digest()))) {
            assertThat(BlobCacheTestData.digestOf(in)).isEqualTo(upstream.digest());
        }
        assertThat(cache.stats().bytesCached()).isEqualTo(upstream.size());
    }

    @Test
    void closingTheCacheStopsItsDownloadsAndLeavesNothingHalfWritten() throws Exception {
        var upstream = serving(bytes(200_000, 65)).pauseAt(100_000);
        BlobCache cache = open(10 * MiB);
        InputStream in = cache.blob(upstream.digest(), upstream.size(), upstream).openStream();
        in.readNBytes(50_000);
        assertThat(upstream.awaitPaused()).isTrue();

        cache.close();

        Outcome rest = readUntilEnd(in);
        assertThat(rest.failure()).hasMessageContaining("closed");
        awaitDownloadsFinished();
        assertThat(filesInCache()).isEmpty();
        assertThatThrownBy(() -> cache.blob(upstream.digest(), upstream.size(), upstream))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCachedDigestRequestedWithAnotherSizeIsAnError() throws Exception {
        var upstream = serving(bytes(1_000, 70));
        BlobCache cache = open(10 * MiB);
        cache.prefetch(upstream.digest(), upstream.size(), upstream);

        assertThatThrownBy(() -> cache.blob(upstream.digest(), 999, upstream))
                .isInstanceOf(IOException.class).hasMessageContaining("cached with 1000 bytes");
    }

    @Test
    void prefetchBlocksUntilTheBlobIsCommittedAndReportsAFailedDownload() throws Exception {
        var good = serving(bytes(100_000, 80)).trickle(8 * 1024, 1);
        var bad = serving(bytes(100_000, 81)).truncateAt(90_000);
        BlobCache cache = open(10 * MiB);

        cache.prefetch(good.digest(), good.size(), good);

        assertThat(committed(good.digest())).exists();
        assertThatThrownBy(() -> cache.prefetch(bad.digest(), bad.size(), bad))
                .hasMessageContaining("ended after 90000 of 100000 bytes");
        assertThat(cache.stats().bytesCached()).isEqualTo(good.size());
    }

    // helpers

    record Outcome(long bytes, IOException failure) {}

    private static Outcome readUntilEnd(InputStream in) {
        byte[] buffer = new byte[8192];
        long count = 0;
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                count += n;
            }
            return new Outcome(count, null);
        } catch (IOException e) {
            return new Outcome(count, e);
        }
    }

    /** Like {@link #readUntilEnd(InputStream)}; a flight that failed before the stream opened throws at open. */
    private static Outcome readUntilEnd(CachedBlob blob) {
        try {
            return readUntilEnd(blob.openStream());
        } catch (IOException e) {
            return new Outcome(0, e);
        }
    }

    private static byte[] readAll(CachedBlob blob) throws IOException {
        try (InputStream in = blob.openStream()) {
            return in.readAllBytes();
        }
    }

    private static byte[] readRange(CachedBlob blob, long offset, long length) throws IOException {
        try (InputStream in = blob.openStream(offset, length)) {
            return in.readAllBytes();
        }
    }

    private static int readOne(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private Path committed(Digest digest) {
        return dir.resolve("blobs/sha256/" + digest.hex());
    }

    private List<Path> filesInCache() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("blobs/sha256"))) {
            return files.toList();
        }
    }

    /** Waits for every download thread to end, which is after its commit or clean-up. */
    static void awaitDownloadsFinished() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("blob-fetch-")) {
                thread.join(TimeUnit.SECONDS.toMillis(20));
                assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
            }
        }
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    /** Files this process holds open under {@code root}, deleted ones included (Linux). */
    private static List<String> openFilesUnder(Path root) throws IOException {
        String prefix = root.toRealPath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return null;
                }
            }).filter(Objects::nonNull).filter(target -> target.startsWith(prefix)).toList();
        }
    }

    /** A channel that fails like a full disk once {@code limit} bytes are written. */
    private static WritableByteChannel failingAfter(long limit, WritableByteChannel real) {
        return new WritableByteChannel() {
            private long written;

            @Override
            public int write(ByteBuffer source) throws IOException {
                if (written + source.remaining() > limit) {
                    throw new IOException("No space left on device");
                }
                int n = real.write(source);
                written += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return real.isOpen();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

}
