package dev.bootoperator.store;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store filled by code: put and remove resources, or replace them all at once. Each change publishes a
 * new {@link BootIndex} atomically.
 *
 * <pre>{@code
 * InMemoryBootConfigStore store = new InMemoryBootConfigStore();
 * store.put(ipxeConfig);
 * store.put(Secret.ofStrings(ObjectKey.of("default", "node-1-ignition"), Map.of("ignition", "{...}")));
 * }</pre>
 */
public final class InMemoryBootConfigStore implements BootConfigStore {
    private final Map<String, BootResource> resources = new LinkedHashMap<>();
    private volatile BootIndex index = BootIndex.EMPTY;

    public InMemoryBootConfigStore() {
    }

    public InMemoryBootConfigStore(Collection<? extends BootResource> initial) {
        replaceAll(initial);
    }

    /** Adds or replaces one resource (by kind, namespace and name). */
    public synchronized void put(BootResource resource) {
        resources.put(id(resource.kind(), resource.key()), resource);
        publish();
    }

    /** Removes one resource; returns whether it was there. */
    public synchronized boolean remove(String kind, ObjectKey key) {
        boolean removed = resources.remove(id(kind, key)) != null;
        if (removed) {
            publish();
        }
        return removed;
    }

    /** Replaces every resource at once. */
    public synchronized void replaceAll(Collection<? extends BootResource> all) {
        resources.clear();
        all.forEach(r -> resources.put(id(r.kind(), r.key()), r));
        publish();
    }

    private void publish() {
        index = BootIndex.of(List.copyOf(resources.values()));
    }

    private static String id(String kind, ObjectKey key) {
        return kind + "|" + key;
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemUuid(String systemUuid) {
        return index.ipxeConfigsBySystemUuid(systemUuid);
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemIp(String ip) {
        return index.ipxeConfigsBySystemIp(ip);
    }

    @Override
    public List<HttpBootConfig> httpConfigsBySystemUuid(String systemUuid) {
        return index.httpConfigsBySystemUuid(systemUuid);
    }

    @Override
    public List<HttpBootConfig> httpConfigsByNetworkIdentifier(String ipOrMac) {
        return index.httpConfigsByNetworkIdentifier(ipOrMac);
    }

    @Override
    public Optional<Secret> secret(ObjectKey key) {
        return index.secret(key);
    }

    @Override
    public Collection<BootResource> all() {
        return index.all();
    }
}
