package dev.bootoperator.oci;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link BlobCacheBoundedMemoryTest}: pushes a generated blob through a cache in
 * {@code args[0]} and prints {@code SERVED <digest>}. Exits 0 only when the bytes a reader streamed while the
 * download ran match the digest computed up front, and the blob was committed.
 *
 * <pre>{@code java -Xmx128m -cp <test classpath> dev.bootoperator.oci.BlobCacheTwoGiBChild DIR SIZE SEED}</pre>
 */
final class BlobCacheTwoGiBChild {
    private BlobCacheTwoGiBChild() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        long started = System.nanoTime();

        Digest expected;
        try (InputStream generated = BlobCacheTestData.stream(size, seed)) {
            expected = BlobCacheTestData.digestOf(generated);
        }
        System.out.println("EXPECTED " + expected + " after " + seconds(started) + " s");

        BlobFetcher upstream = digest -> new FetchedBlob(BlobCacheTestData.stream(size, seed), size);
        Digest served;
        BlobCacheStats stats;
        try (BlobCache cache = BlobCache.open(directory, size)) {
            try (InputStream in = cache.blob(expected, size, upstream).openStream()) {
                served = BlobCacheTestData.digestOf(in);
            }
            cache.prefetch(expected, size, upstream); // waits for the commit
            stats = cache.stats();
        }
        long committed = Files.size(directory.resolve("blobs/sha256/" + expected.hex()));

        System.out.println("SERVED " + served + " after " + seconds(started) + " s");
        System.out.println("STATS " + stats + ", committed file " + committed + " bytes");
        System.out.println("PEAK_HEAP_BYTES " + peakHeap() + " of max " + Runtime.getRuntime().maxMemory());
        boolean ok = served.equals(expected) && committed == size && stats.upstreamFetches() == 1
                && stats.bytesCached() == size;
        System.exit(ok ? 0 : 1);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(usage -> usage.getUsed())
                .sum();
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
