package dev.bootoperator.oci;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sizes of blobs a repository is known to hold, for requests by digest alone: learned from the manifests the
 * proxy resolves and from the registry's {@code HEAD} answers. When a rack reboots, the machines asking for one
 * uncached kernel at once share one {@code HEAD} (the cache then shares the download), and a blob whose size is
 * known needs no {@code HEAD} at all. Bounded: the least recently used of {@value #MAX_ENTRIES} entries goes.
 * Failures are not remembered; callers waiting on the same {@code HEAD} share its failure.
 */
final class BlobSizes {
    static final int MAX_ENTRIES = 4096;

    /** A blob of one repository ({@link ImageReference#name()}). */
    private record Key(String repository, Digest digest) {
    }

    /** Asks the registry for the size: {@link RegistryClient#blobSize}. */
    interface Lookup {
        long size() throws RegistryException;
    }

    private final Map<Key, Long> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private final ConcurrentMap<Key, CompletableFuture<Long>> inFlight = new ConcurrentHashMap<>();

    /** Remembers the layers of a resolved manifest: the repository holds them. */
    void remember(ResolvedImage image) {
        synchronized (known) {
            for (LayerDescriptor layer : image.layers()) {
                known.put(new Key(image.reference().name(), layer.digest()), layer.size());
            }
        }
    }

    /** The known size, else {@code lookup}'s answer, one lookup at a time per blob. */
    long size(ImageReference image, Digest digest, Lookup lookup) throws RegistryException {
        Key key = new Key(image.name(), Objects.requireNonNull(digest, "digest"));
        Optional<Long> size = known(key);
        if (size.isPresent()) {
            return size.get();
        }
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return SharedLookups.await(running, "a blob's size");
        }
        try {
            long looked = lookup.size();
            synchronized (known) {
                known.put(key, looked);
            }
            mine.complete(looked);
            return looked;
        } catch (RegistryException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Optional<Long> known(Key key) {
        synchronized (known) {
            return Optional.ofNullable(known.get(key));
        }
    }
}
