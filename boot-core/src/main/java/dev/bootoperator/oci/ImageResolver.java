package dev.bootoperator.oci;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link RegistryClient#resolve} with a cache in front: when a rack reboots, hundreds of requests for the same
 * image cost one manifest fetch.
 *
 * <ul>
 *   <li>A tag resolves again after {@code ttl}, so a moved tag is seen; a reference pinned by digest never
 *       changes and stays until it is the least recently used of {@value #MAX_ENTRIES} entries.</li>
 *   <li>Concurrent callers for the same reference share one fetch.</li>
 *   <li>A failure is remembered for {@code failureTtl} and rethrown, so a registry that is down is not asked
 *       again by every booting machine.</li>
 * </ul>
 *
 * <pre>{@code
 * ImageResolver images = new ImageResolver(registry, Duration.ofMinutes(5));
 * ResolvedImage image = images.resolve(ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0"));
 * }</pre>
 */
public final class ImageResolver {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_FAILURE_TTL = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 1024;

    private final RegistryClient registry;
    private final Duration ttl;
    private final Duration failureTtl;
    private final Clock clock;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private final ConcurrentMap<Key, CompletableFuture<ResolvedImage>> inFlight = new ConcurrentHashMap<>();

    public ImageResolver(RegistryClient registry, Duration ttl) {
        this(registry, ttl, DEFAULT_FAILURE_TTL, Clock.systemUTC());
    }

    public ImageResolver(RegistryClient registry, Duration ttl, Duration failureTtl, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.failureTtl = Objects.requireNonNull(failureTtl, "failureTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RegistryClient registry() {
        return registry;
    }

    /**
     * The image resolved for the registry client's platform (PXE: cname first), from the cache while fresh.
     *
     * @throws RegistryException as {@link RegistryClient#resolve}, possibly remembered from a recent attempt
     */
    public ResolvedImage resolve(ImageReference image) throws RegistryException {
        return resolve(image, registry.platform());
    }

    /**
     * The image resolved for {@code selector} (e.g. {@code registry().platform().platformOnly()} for a UKI), from
     * the cache while fresh; each selector has its own entry.
     *
     * @throws RegistryException as {@link RegistryClient#resolve}, possibly remembered from a recent attempt
     */
    public ResolvedImage resolve(ImageReference image, PlatformSelector selector) throws RegistryException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(selector, "selector");
        Key key = new Key(image, selector);
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && now.isBefore(entry.expires())) {
                return entry.get();
            }
        }
        CompletableFuture<ResolvedImage> mine = new CompletableFuture<>();
        CompletableFuture<ResolvedImage> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return SharedLookups.await(running, "an image resolution");
        }
        try {
            ResolvedImage resolved = registry.resolve(image, selector);
            Instant expires = image.digest().isPresent() ? Instant.MAX : clock.instant().plus(ttl);
            remember(key, new Entry(resolved, null, expires));
            mine.complete(resolved);
            return resolved;
        } catch (RegistryException e) {
            remember(key, new Entry(null, e, clock.instant().plus(failureTtl)));
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private void remember(Key key, Entry entry) {
        synchronized (entries) {
            entries.put(key, entry);
        }
    }

    private record Key(ImageReference image, PlatformSelector selector) {
    }

    private record Entry(ResolvedImage image, RegistryException failure, Instant expires) {
        ResolvedImage get() throws RegistryException {
            if (failure != null) {
                throw failure;
            }
            return image;
        }
    }
}
