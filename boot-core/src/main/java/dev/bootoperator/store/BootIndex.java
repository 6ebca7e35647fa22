package dev.bootoperator.store;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.NetworkIdentifiers;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An immutable, fully indexed snapshot of boot resources. Stores build a new index for every change and
 * publish it with one volatile write, so a request sees either the old state or the new one, never a mix.
 * Building is O(n); every lookup is a hash lookup.
 */
public final class BootIndex implements BootConfigStore {
    /** The empty index. */
    public static final BootIndex EMPTY = of(List.of());

    private final Map<ObjectKey, BootResource> byKey;
    private final Collection<BootResource> all;
    private final Map<String, List<IpxeBootConfig>> ipxeByUuid;
    private final Map<String, List<IpxeBootConfig>> ipxeByIp;
    private final Map<String, List<HttpBootConfig>> httpByUuid;
    private final Map<String, List<HttpBootConfig>> httpByNetworkId;
    private final Map<ObjectKey, Secret> secrets;

    private BootIndex(Map<KindKey, BootResource> resources) {
        Map<ObjectKey, BootResource> keyed = new TreeMap<>();
        List<IpxeBootConfig> ipxe = new ArrayList<>();
        List<HttpBootConfig> http = new ArrayList<>();
        Map<ObjectKey, Secret> secretMap = new HashMap<>();
        resources.values().stream().sorted(Comparator.comparing(BootResource::key)).forEach(r -> {
            keyed.putIfAbsent(r.key(), r);
            if (r instanceof IpxeBootConfig c) {
                ipxe.add(c);
            } else if (r instanceof HttpBootConfig c) {
                http.add(c);
            } else if (r instanceof Secret s) {
                secretMap.put(s.key(), s);
            }
        });
        this.byKey = keyed;
        this.all = Collections.unmodifiableCollection(new ArrayList<>(resources.values()));
        this.ipxeByUuid = index(ipxe, c -> uuidKeys(c.systemUuid()));
        this.ipxeByIp = index(ipxe, c -> c.systemIps().stream().map(NetworkIdentifiers::canonical).toList());
        this.httpByUuid = index(http, c -> uuidKeys(c.systemUuid()));
        this.httpByNetworkId = index(http, c -> c.networkIdentifiers().stream().map(NetworkIdentifiers::canonical).toList());
        this.secrets = Map.copyOf(secretMap);
    }

    /**
     * Indexes these resources. When two resources share kind, namespace and name, the later one in the
     * collection wins, as a later {@code kubectl apply} would.
     */
    public static BootIndex of(Collection<? extends BootResource> resources) {
        Map<KindKey, BootResource> unique = new HashMap<>();
        for (BootResource r : resources) {
            unique.put(new KindKey(r.kind(), r.key()), r);
        }
        return new BootIndex(unique);
    }

    private static List<String> uuidKeys(String uuid) {
        return uuid.isBlank() ? List.of() : List.of(NetworkIdentifiers.uuid(uuid));
    }

    private static <T> Map<String, List<T>> index(List<T> items, Function<T, List<String>> keys) {
        Map<String, List<T>> map = new HashMap<>();
        for (T item : items) {
            for (String k : new LinkedHashSet<>(keys.apply(item))) {
                map.computeIfAbsent(k, x -> new ArrayList<>(1)).add(item);
            }
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return map;
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemUuid(String systemUuid) {
        return ipxeByUuid.getOrDefault(NetworkIdentifiers.uuid(systemUuid), List.of());
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemIp(String ip) {
        return ipxeByIp.getOrDefault(NetworkIdentifiers.canonical(ip), List.of());
    }

    @Override
    public List<HttpBootConfig> httpConfigsBySystemUuid(String systemUuid) {
        return httpByUuid.getOrDefault(NetworkIdentifiers.uuid(systemUuid), List.of());
    }

    @Override
    public List<HttpBootConfig> httpConfigsByNetworkIdentifier(String ipOrMac) {
        return httpByNetworkId.getOrDefault(NetworkIdentifiers.canonical(ipOrMac), List.of());
    }

    @Override
    public Optional<Secret> secret(ObjectKey key) {
        return Optional.ofNullable(secrets.get(key));
    }

    @Override
    public Collection<BootResource> all() {
        return all;
    }

    /** The number of resources indexed. */
    public int size() {
        return all.size();
    }

    /** The distinct object keys, in order. */
    public Set<ObjectKey> keys() {
        return Collections.unmodifiableSet(byKey.keySet());
    }

    private record KindKey(String kind, ObjectKey key) {
    }
}
