package dev.bootoperator.oci;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed, size-bounded disk cache of OCI blobs that fetches each blob upstream once, verifies it,
 * and streams it to every concurrent reader while it downloads.
 *
 * <ul>
 *   <li>Layout: {@code <directory>/blobs/sha256/<hex>}. A download goes to a temp file next to it and is renamed
 *       into place only when its length and sha256 match, so a committed file is always a verified blob.
 *       {@link #open} indexes the committed files (last access is the mtime) and deletes leftover temp files,
 *       so a restart keeps the cache. One cache per directory.</li>
 *   <li>Single flight: concurrent {@link #blob} calls for an uncached digest share one download, which runs on
 *       its own daemon thread {@code blob-fetch-<digest prefix>} and keeps going when its readers leave. Readers
 *       stream the temp file as it grows; none waits for the whole blob.</li>
 *   <li>Never a complete-looking corrupt body: a stream delivers its last byte only after the whole blob
 *       matched its digest. When upstream is short, too long, wrong or fails, every stream throws, nothing is
 *       committed, and the next {@code blob()} call fetches again.</li>
 *   <li>Bounds: least-recently-used committed blobs are evicted after each commit to stay under
 *       {@code maxBytes}; a larger blob, or any blob when the disk is full, streams straight from upstream,
 *       still verified. Memory is one 256 KiB buffer per download and per pass-through stream, plus the HTTP
 *       client's read-ahead (8 of its buffers).</li>
 * </ul>
 *
 * <pre>{@code
 * BlobCache cache = BlobCache.open(Path.of("/var/cache/boot-operator/images"), 20L << 30);
 * CachedBlob layer = cache.blob(descriptor.digest(), descriptor.size(), registry::openBlob);
 * try (InputStream in = layer.openStream(rangeStart, rangeLength)) { in.transferTo(out); }
 * }</pre>
 */
public final class BlobCache implements Closeable {
    static final int CHUNK = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BlobCache.class);
    private static final Pattern COMMITTED = Pattern.compile("[0-9a-f]{64}");
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path blobs;
    private final long maxBytes;
    private final BlobCacheDisk disk;

    private final Object lock = new Object();
    /** Committed blobs and their sizes, least recently used first. */
    private final LinkedHashMap<Digest, Long> index = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Digest, CachedDownload> flights = new HashMap<>();
    private long bytesCached;
    private boolean closed;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder upstreamFetches = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder passThroughs = new LongAdder();
    private final LongAdder verifyFailures = new LongAdder();

    private BlobCache(Path blobs, long maxBytes, BlobCacheDisk disk) {
        this.blobs = blobs;
        this.maxBytes = maxBytes;
        this.disk = disk;
    }

    /**
     * Opens the cache in {@code directory}, creating it if needed, and indexes the blobs a previous run left.
     *
     * @param maxBytes the bound on committed bytes; blobs larger than this are never cached
     */
    public static BlobCache open(Path directory, long maxBytes) throws IOException {
        return open(directory, maxBytes, BlobCacheDisk.REAL);
    }

    static BlobCache open(Path directory, long maxBytes, BlobCacheDisk disk) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        Path blobs = directory.resolve("blobs").resolve("sha256");
        Files.createDirectories(blobs);
        BlobCache cache = new BlobCache(blobs, maxBytes, disk);
        cache.indexExisting();
        return cache;
    }

    private void indexExisting() throws IOException {
        record Found(Digest digest, long size, FileTime lastAccess) {}
        List<Found> found = new ArrayList<>();
        int leftovers = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    deleteQuietly(file);
                    leftovers++;
                    continue;
                }
                if (!COMMITTED.matcher(name).matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        found.add(new Found(new Digest(name), attributes.size(), attributes.lastModifiedTime()));
                    }
                } catch (NoSuchFileException gone) {
                    // removed while we looked
                }
            }
        }
        found.sort(Comparator.comparing(Found::lastAccess));
        int kept;
        long bytes;
        synchronized (lock) {
            for (Found f : found) {
                index.put(f.digest(), f.size());
                bytesCached += f.size();
            }
            evictOverBound();
            kept = index.size();
            bytes = bytesCached;
        }
        LOG.info("Blob cache {}: {} blobs, {} bytes (bound {}); evicted {}, deleted {} unfinished downloads", blobs,
                kept, bytes, maxBytes, found.size() - kept, leftovers);
    }

    /**
     * The blob with this digest and size: the committed file on a hit; otherwise the download in flight, which
     * this call joins or starts; or, when it cannot be cached, a pass-through that fetches upstream per stream.
     * Never waits for upstream.
     *
     * @param fetcher opens the blob upstream; called at most once for all concurrent callers of a download
     * @throws IOException when the digest is cached with another size than {@code size}
     * @throws IllegalStateException after {@link #close}
     */
    public CachedBlob blob(Digest digest, long size, BlobFetcher fetcher) throws IOException {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(fetcher, "fetcher");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        Path target = blobs.resolve(digest.hex());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("blob cache " + blobs + " is closed");
            }
            Long cachedSize = index.get(digest);
            if (cachedSize != null) {
                if (cachedSize != size) {
                    throw new IOException(digest + " is cached with " + cachedSize + " bytes, but its descriptor says "
                            + size);
                }
                return hit(digest, size, fetcher);
            }
            misses.increment();
            CachedDownload flight = flights.get(digest);
            if (flight != null && flight.size() == size) {
                return flight;
            }
            if (size > maxBytes || flight != null) {
                return passThrough(digest, size, fetcher);
            }
            long usable = usableBytes();
            if (usable < size) {
                warnDiskFull(digest, new IOException("only " + usable + " bytes free for " + size),
                        "streaming it from upstream");
                return passThrough(digest, size, fetcher);
            }
            Path temp = blobs.resolve(digest.hex() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + TEMP_SUFFIX);
            WritableByteChannel out;
            try {
                out = disk.create(temp);
            } catch (IOException e) {
                deleteQuietly(temp);
                warnDiskFull(digest, e, "streaming it from upstream");
                return passThrough(digest, size, fetcher);
            }
            flight = new CachedDownload(this, digest, size, fetcher, temp, target, out);
            flights.put(digest, flight);
            flight.start();
            return flight;
        }
    }

    /**
     * The blob with this digest if it is committed (a hit) or downloading, without a size to check it against
     * and without any upstream call: for a request by digest alone. Empty otherwise; then learn the size and call
     * {@link #blob}.
     *
     * @param fetcher used only if an evicted file has to be fetched again
     */
    public Optional<CachedBlob> cached(Digest digest, BlobFetcher fetcher) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(fetcher, "fetcher");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("blob cache " + blobs + " is closed");
            }
            Long cachedSize = index.get(digest);
            if (cachedSize != null) {
                return Optional.of(hit(digest, cachedSize, fetcher));
            }
            CachedDownload flight = flights.get(digest);
            if (flight != null) {
                misses.increment(); // as blob() counts joining a download
            }
            return Optional.ofNullable(flight);
        }
    }

    /**
     * Downloads, verifies and commits the blob unless it is cached, and blocks until then. Blobs that cannot be
     * cached (larger than {@code maxBytes}, or the disk is full) are skipped.
     *
     * @throws IOException when the download fails
     */
    public void prefetch(Digest digest, long size, BlobFetcher fetcher) throws IOException {
        CachedBlob blob = blob(digest, size, fetcher);
        if (blob instanceof CachedDownload download) {
            download.awaitCommitted();
        } else if (blob instanceof CachedPassThrough) {
            LOG.info("Not prefetching {} ({} bytes): it cannot be cached in {}", digest, size, blobs);
        }
    }

    public BlobCacheStats stats() {
        long bytes;
        synchronized (lock) {
            bytes = bytesCached;
        }
        return new BlobCacheStats(hits.sum(), misses.sum(), upstreamFetches.sum(), bytes, evictions.sum(),
                passThroughs.sum(), verifyFailures.sum());
    }

    /** Stops downloads in flight (their readers get an IOException); committed blobs stay for the next open. */
    @Override
    public void close() {
        List<CachedDownload> running;
        synchronized (lock) {
            closed = true;
            running = new ArrayList<>(flights.values());
        }
        running.forEach(CachedDownload::abort);
    }

    @Override
    public String toString() {
        return "BlobCache[" + blobs + "]";
    }

    /** A committed blob, counted as a hit; its access time moves to now. Called with the lock held. */
    private CachedFile hit(Digest digest, long size, BlobFetcher fetcher) {
        hits.increment();
        Path file = blobs.resolve(digest.hex());
        touch(file);
        return new CachedFile(this, digest, size, file, fetcher);
    }

    // Called by the blob views.

    CachedPassThrough passThrough(Digest digest, long size, BlobFetcher fetcher) {
        return new CachedPassThrough(this, digest, size, fetcher);
    }

    FetchedBlob fetchUpstream(BlobFetcher fetcher, Digest digest) throws IOException {
        upstreamFetches.increment();
        return Objects.requireNonNull(fetcher.fetch(digest), "BlobFetcher returned null");
    }

    void commit(CachedDownload download) throws IOException {
        synchronized (lock) {
            flights.remove(download.digest(), download);
            if (closed) {
                throw new IOException("blob cache " + blobs + " is closed");
            }
            download.moveInto();
            Long replaced = index.put(download.digest(), download.size());
            bytesCached += download.size() - (replaced == null ? 0 : replaced);
            evictOverBound();
        }
        LOG.debug("Cached {} ({} bytes)", download.digest(), download.size());
    }

    void forget(CachedDownload download) {
        synchronized (lock) {
            flights.remove(download.digest(), download);
        }
    }

    void countPassThrough() {
        passThroughs.increment();
    }

    void countVerifyFailure() {
        verifyFailures.increment();
    }

    void warnDiskFull(Digest digest, IOException cause, String consequence) {
        LOG.warn("Blob cache {} cannot store {}: {}; {}", blobs, digest, cause.getMessage(), consequence);
    }

    private void evictOverBound() {
        Iterator<Map.Entry<Digest, Long>> lru = index.entrySet().iterator();
        while (bytesCached > maxBytes && lru.hasNext()) {
            Map.Entry<Digest, Long> eldest = lru.next();
            lru.remove();
            bytesCached -= eldest.getValue();
            evictions.increment();
            // Readers with the file open keep reading it; new streams resolve the blob again.
            deleteQuietly(blobs.resolve(eldest.getKey().hex()));
            LOG.debug("Evicted {} ({} bytes)", eldest.getKey(), eldest.getValue());
        }
    }

    private long usableBytes() {
        try {
            return Files.getFileStore(blobs).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Records the access in the mtime, which orders eviction after a restart. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            LOG.debug("Cannot touch {}: {}", file, e.toString());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.toString());
        }
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Ignoring failure to close {}: {}", closeable, e.toString());
        }
    }
}
