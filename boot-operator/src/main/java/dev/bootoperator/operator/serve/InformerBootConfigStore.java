package dev.bootoperator.operator.serve;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.NetworkIdentifiers;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.HTTPBootConfigSpec;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.IPXEBootConfigSpec;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A {@link dev.bootoperator.store.BootConfigStore} over fabric8 informer caches of IPXEBootConfigs,
 * HTTPBootConfigs and Secrets: a boot request reads memory only, never the API server. The informers keep
 * indexes on the canonical system UUID, the system IPs and the network identifiers (IPs and MACs in any
 * notation, canonicalised by {@link NetworkIdentifiers} as every other store does), so each lookup is a hash
 * lookup followed by the conversion of the few matching objects to boot-core records.
 *
 * <pre>{@code
 * try (InformerBootConfigStore store = InformerBootConfigStore.start(client, Optional.empty())) {
 *     store.awaitReady(Duration.ofSeconds(30));
 *     store.ipxeConfigsBySystemUuid("4C4C4544-...");
 * }
 * }</pre>
 *
 * It also answers {@link BootConfigOwners} from the same caches, for the selector and the status recorder.
 */
public final class InformerBootConfigStore implements dev.bootoperator.store.BootConfigStore, BootConfigOwners,
        AutoCloseable {
    static final String BY_UUID = "systemUUID";
    static final String BY_SYSTEM_IP = "systemIP";
    static final String BY_NETWORK_ID = "networkIdentifier";
    private static final String SBC_KIND = HasMetadata.getKind(ServerBootConfiguration.class);

    private final SharedIndexInformer<IPXEBootConfig> ipxe;
    private final SharedIndexInformer<HTTPBootConfig> http;
    private final SharedIndexInformer<io.fabric8.kubernetes.api.model.Secret> secrets;
    private final CompletableFuture<Void> synced;
    /**
     * The boot-core Secret last made from each cached Secret object. The informer replaces an object when the
     * Secret changes, so the same object always gives the same record, and the Ignition renderer's memo (keyed on
     * the record's identity) holds: a Butane secret is translated once per change, not on every request.
     */
    private final Map<ObjectKey, ConvertedSecret> converted = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CONVERTED = 100_000;

    private record ConvertedSecret(io.fabric8.kubernetes.api.model.Secret source, Secret secret) {
    }

    private InformerBootConfigStore(SharedIndexInformer<IPXEBootConfig> ipxe, SharedIndexInformer<HTTPBootConfig> http,
            SharedIndexInformer<io.fabric8.kubernetes.api.model.Secret> secrets, CompletableFuture<Void> synced) {
        this.ipxe = ipxe;
        this.http = http;
        this.secrets = secrets;
        this.synced = synced;
    }

    /**
     * Starts the informers (in {@code namespace} only, when given) and returns at once; {@link #ready()} turns
     * true once every initial list has arrived.
     */
    public static InformerBootConfigStore start(KubernetesClient client, Optional<String> namespace) {
        SharedIndexInformer<IPXEBootConfig> ipxe = informer(client.resources(IPXEBootConfig.class), namespace, Map.of(
                BY_UUID, c -> c.getSpec() == null ? List.of() : uuidKeys(c.getSpec().getSystemUUID()),
                BY_SYSTEM_IP, c -> c.getSpec() == null ? List.of() : canonical(c.getSpec().getSystemIPs())));
        SharedIndexInformer<HTTPBootConfig> http = informer(client.resources(HTTPBootConfig.class), namespace, Map.of(
                BY_UUID, c -> c.getSpec() == null ? List.of() : uuidKeys(c.getSpec().getSystemUUID()),
                BY_NETWORK_ID, c -> c.getSpec() == null ? List.of() : canonical(c.getSpec().getNetworkIdentifiers())));
        SharedIndexInformer<io.fabric8.kubernetes.api.model.Secret> secrets = informer(client.secrets(), namespace,
                Map.of());
        CompletableFuture<Void> synced = CompletableFuture.allOf(
                ipxe.start().toCompletableFuture(), http.start().toCompletableFuture(),
                secrets.start().toCompletableFuture());
        return new InformerBootConfigStore(ipxe, http, secrets, synced);
    }

    private static <T extends HasMetadata> SharedIndexInformer<T> informer(MixedOperation<T, ?, ?> operation,
            Optional<String> namespace, Map<String, Function<T, List<String>>> indexers) {
        Informable<T> informable = namespace.isPresent() ? operation.inNamespace(namespace.get()) : operation.inAnyNamespace();
        SharedIndexInformer<T> informer = informable.runnableInformer(0);
        if (!indexers.isEmpty()) {
            informer.addIndexers(indexers);
        }
        return informer;
    }

    private static List<String> uuidKeys(String uuid) {
        return uuid == null || uuid.isBlank() ? List.of() : List.of(NetworkIdentifiers.uuid(uuid));
    }

    private static List<String> canonical(List<String> identifiers) {
        return identifiers == null ? List.of()
                : identifiers.stream().filter(s -> s != null && !s.isBlank()).map(NetworkIdentifiers::canonical)
                        .distinct().toList();
    }

    /**
     * Waits until every initial list has arrived.
     *
     * @throws TimeoutException when they have not within {@code timeout}
     * @throws IllegalStateException when an informer could not start, e.g. a CRD is not installed
     */
    public void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            synced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("boot config informers did not start: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    @Override
    public boolean ready() {
        return ipxe.hasSynced() && http.hasSynced() && secrets.hasSynced();
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemUuid(String systemUuid) {
        return ipxe(ipxe.getIndexer().byIndex(BY_UUID, NetworkIdentifiers.uuid(systemUuid)));
    }

    @Override
    public List<IpxeBootConfig> ipxeConfigsBySystemIp(String ip) {
        return ipxe(ipxe.getIndexer().byIndex(BY_SYSTEM_IP, NetworkIdentifiers.canonical(ip)));
    }

    @Override
    public List<HttpBootConfig> httpConfigsBySystemUuid(String systemUuid) {
        return http(http.getIndexer().byIndex(BY_UUID, NetworkIdentifiers.uuid(systemUuid)));
    }

    @Override
    public List<HttpBootConfig> httpConfigsByNetworkIdentifier(String ipOrMac) {
        return http(http.getIndexer().byIndex(BY_NETWORK_ID, NetworkIdentifiers.canonical(ipOrMac)));
    }

    @Override
    public Optional<Secret> secret(ObjectKey key) {
        io.fabric8.kubernetes.api.model.Secret object = secrets.getStore().getByKey(storeKey(key));
        if (object == null) {
            return Optional.empty();
        }
        ConvertedSecret last = converted.get(key);
        if (last != null && last.source() == object) {
            return Optional.of(last.secret());
        }
        Secret secret = toSecret(object);
        if (converted.size() >= MAX_CONVERTED) {
            converted.clear();
        }
        converted.put(key, new ConvertedSecret(object, secret));
        return Optional.of(secret);
    }

    @Override
    public Collection<BootResource> all() {
        List<BootResource> all = new ArrayList<>();
        all.addAll(ipxe(ipxe.getStore().list()));
        all.addAll(http(http.getStore().list()));
        secrets.getStore().list().stream().map(InformerBootConfigStore::toSecret)
                .sorted(Comparator.comparing(Secret::key)).forEach(all::add);
        return all;
    }

    /** The cached IPXEBootConfig; the cache's own object: do not modify it. */
    public Optional<IPXEBootConfig> ipxeBootConfig(ObjectKey key) {
        return Optional.ofNullable(ipxe.getStore().getByKey(storeKey(key)));
    }

    /** The cached HTTPBootConfig; the cache's own object: do not modify it. */
    public Optional<HTTPBootConfig> httpBootConfig(ObjectKey key) {
        return Optional.ofNullable(http.getStore().getByKey(storeKey(key)));
    }

    /** The cached boot config of this kind ({@code IPXEBootConfig} or {@code HTTPBootConfig}). */
    public Optional<? extends HasMetadata> bootConfig(String kind, ObjectKey key) {
        if (IpxeBootConfig.KIND.equals(kind)) {
            return ipxeBootConfig(key);
        }
        if (HttpBootConfig.KIND.equals(kind)) {
            return httpBootConfig(key);
        }
        return Optional.empty();
    }

    @Override
    public Optional<OwnerReference> serverBootConfiguration(String kind, ObjectKey key) {
        return bootConfig(kind, key).flatMap(config -> config.getMetadata().getOwnerReferences().stream()
                .filter(ref -> SBC_KIND.equals(ref.getKind()) && ref.getName() != null && !ref.getName().isBlank())
                .findFirst());
    }

    static String storeKey(ObjectKey key) {
        return key.namespace() + "/" + key.name();
    }

    private static ObjectKey key(HasMetadata object) {
        return ObjectKey.of(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    private static List<IpxeBootConfig> ipxe(List<IPXEBootConfig> objects) {
        return objects.stream().map(InformerBootConfigStore::toIpxe).sorted(Comparator.comparing(IpxeBootConfig::key))
                .toList();
    }

    private static List<HttpBootConfig> http(List<HTTPBootConfig> objects) {
        return objects.stream().map(InformerBootConfigStore::toHttp).sorted(Comparator.comparing(HttpBootConfig::key))
                .toList();
    }

    /** The boot-core record of an IPXEBootConfig; empty strings read as absent, as in the YAML parser. */
    static IpxeBootConfig toIpxe(IPXEBootConfig object) {
        IPXEBootConfigSpec spec = object.getSpec() == null ? new IPXEBootConfigSpec() : object.getSpec();
        return new IpxeBootConfig(key(object), spec.getSystemUUID(), nonBlank(spec.getSystemIPs()),
                text(spec.getImage()), text(spec.getKernelURL()).orElse(""), text(spec.getInitrdURL()).orElse(""),
                text(spec.getSquashfsURL()), text(spec.getIpxeServerURL()), ref(spec.getIgnitionSecretRef()),
                ref(spec.getIpxeScriptSecretRef()));
    }

    /** The boot-core record of an HTTPBootConfig. */
    static HttpBootConfig toHttp(HTTPBootConfig object) {
        HTTPBootConfigSpec spec = object.getSpec() == null ? new HTTPBootConfigSpec() : object.getSpec();
        return new HttpBootConfig(key(object), spec.getSystemUUID(), nonBlank(spec.getNetworkIdentifiers()),
                text(spec.getUkiURL()), ref(spec.getIgnitionSecretRef()));
    }

    /** The boot-core record of a Secret: {@code data} decoded, {@code stringData} winning on equal keys. */
    static Secret toSecret(io.fabric8.kubernetes.api.model.Secret object) {
        Map<String, byte[]> data = new TreeMap<>();
        if (object.getData() != null) {
            object.getData().forEach((k, v) -> {
                if (v != null) {
                    data.put(k, Base64.getMimeDecoder().decode(v));
                }
            });
        }
        if (object.getStringData() != null) {
            object.getStringData().forEach((k, v) -> {
                if (v != null) {
                    data.put(k, v.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        return new Secret(key(object), data);
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<String> ref(SecretRef ref) {
        return ref == null ? Optional.empty() : text(ref.getName());
    }

    /** Stops the informers. */
    @Override
    public void close() {
        ipxe.close();
        http.close();
        secrets.close();
    }
}
