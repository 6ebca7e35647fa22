package dev.bootoperator.jetty;

import dev.bootoperator.oci.BlobCache;
import dev.bootoperator.oci.BlobCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Exposes {@link BlobCache#stats()} as Micrometer meters, read when scraped:
 * {@code boot_image_cache_hits_total}, {@code _misses_total}, {@code _upstream_fetches_total},
 * {@code _evictions_total}, {@code _pass_throughs_total}, {@code _verify_failures_total} and the gauge
 * {@code boot_image_cache_bytes}.
 *
 * <pre>{@code
 * BlobCacheMetrics.register(cache, registry);
 * }</pre>
 */
public final class BlobCacheMetrics {
    private BlobCacheMetrics() {
    }

    public static void register(BlobCache cache, MeterRegistry registry) {
        counter(registry, cache, "hits", "Layer requests answered from a verified cached file", BlobCacheStats::hits);
        counter(registry, cache, "misses", "Layer requests that joined or started a download, or passed through",
                BlobCacheStats::misses);
        counter(registry, cache, "upstream.fetches", "Blob downloads from a registry", BlobCacheStats::upstreamFetches);
        counter(registry, cache, "evictions", "Cached blobs deleted to stay under --image-cache-max-bytes",
                BlobCacheStats::evictions);
        counter(registry, cache, "pass.throughs", "Layers streamed without caching (too large, or the disk is full)",
                BlobCacheStats::passThroughs);
        counter(registry, cache, "verify.failures", "Upstream blobs that were short, too long or had the wrong sha256",
                BlobCacheStats::verifyFailures);
        Gauge.builder("boot.image.cache", cache, c -> c.stats().bytesCached()).baseUnit("bytes")
                .description("Bytes of verified blobs in the cache").register(registry);
    }

    private static void counter(MeterRegistry registry, BlobCache cache, String name, String description,
            ToDoubleFunction<BlobCacheStats> value) {
        FunctionCounter.builder("boot.image.cache." + name, cache, c -> value.applyAsDouble(c.stats()))
                .description(description).register(registry);
    }
}
