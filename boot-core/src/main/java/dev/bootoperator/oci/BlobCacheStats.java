package dev.bootoperator.oci;

/**
 * A snapshot of {@link BlobCache} counters since it was opened, for metrics and tests.
 *
 * <pre>{@code
 * BlobCacheStats s = cache.stats();
 * double hitRatio = (double) s.hits() / Math.max(1, s.hits() + s.misses());
 * }</pre>
 *
 * @param hits            {@code blob()} calls answered by a committed file
 * @param misses          {@code blob()} calls that joined or started a download, or passed through
 * @param upstreamFetches calls of a {@link BlobFetcher}, for downloads and pass-through streams alike
 * @param bytesCached     bytes of committed blobs on disk now
 * @param evictions       committed blobs deleted to stay under the size bound
 * @param passThroughs    streams served straight from upstream: blobs larger than the bound, or a full disk
 * @param verifyFailures  upstream bodies that were short, too long, or had the wrong sha256
 */
public record BlobCacheStats(long hits, long misses, long upstreamFetches, long bytesCached, long evictions,
        long passThroughs, long verifyFailures) {}
