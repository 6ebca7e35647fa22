package dev.bootoperator.operator.serve;

import dev.bootoperator.boot.ConfigSelector;
import dev.bootoperator.boot.Selection;
import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.operator.metal.ObjectReference;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses among several boot configs that match one machine the way the Server wants it now, from informer
 * caches of Servers and ServerBootConfigurations (no API call per request):
 * <ol>
 *   <li>One candidate is served as it is, owned or not: upstream does the same, and a hand-written config
 *       (no owner) for a machine must keep working.</li>
 *   <li>Several: the Server is found through the owning ServerBootConfiguration ({@code spec.serverRef}) of any
 *       candidate. Candidates whose owner is neither the Server's {@code bootConfigurationRef} nor its
 *       {@code maintenanceBootConfigurationRef} are orphans (a failed cleanup, a hand-made copy) and are dropped.</li>
 *   <li>Among the rest, the maintenance config while the Server's {@code status.state} is {@code Maintenance},
 *       otherwise the workload config.</li>
 *   <li>No Server to be found, or every candidate orphaned: {@link Selection.Failed} naming the configs and the
 *       Server, which the boot endpoints answer with 500.</li>
 * </ol>
 * Upstream prefers the maintenance config whenever the Server still names one; this selector asks the Server's
 * state, so a Server that has left maintenance boots its workload even before metal-operator clears the ref.
 */
public final class MaintenanceAwareSelector implements ConfigSelector, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceAwareSelector.class);

    private final BootConfigOwners owners;
    private final SharedIndexInformer<Server> servers;
    private final SharedIndexInformer<ServerBootConfiguration> serverBootConfigurations;
    private final CompletableFuture<Void> synced;

    private MaintenanceAwareSelector(BootConfigOwners owners, SharedIndexInformer<Server> servers,
            SharedIndexInformer<ServerBootConfiguration> serverBootConfigurations, CompletableFuture<Void> synced) {
        this.owners = owners;
        this.servers = servers;
        this.serverBootConfigurations = serverBootConfigurations;
        this.synced = synced;
    }

    /**
     * Starts informers on Servers (cluster-scoped) and ServerBootConfigurations (in {@code namespace} only, when
     * given) and returns at once.
     */
    public static MaintenanceAwareSelector start(KubernetesClient client, BootConfigOwners owners,
            Optional<String> namespace) {
        SharedIndexInformer<Server> servers = client.resources(Server.class).runnableInformer(0);
        SharedIndexInformer<ServerBootConfiguration> sbcs = namespace.isPresent()
                ? client.resources(ServerBootConfiguration.class).inNamespace(namespace.get()).runnableInformer(0)
                : client.resources(ServerBootConfiguration.class).inAnyNamespace().runnableInformer(0);
        CompletableFuture<Void> synced = CompletableFuture.allOf(servers.start().toCompletableFuture(),
                sbcs.start().toCompletableFuture());
        return new MaintenanceAwareSelector(Objects.requireNonNull(owners, "owners"), servers, sbcs, synced);
    }

    /** Whether both initial lists have arrived. */
    public boolean ready() {
        return servers.hasSynced() && serverBootConfigurations.hasSynced();
    }

    /**
     * Waits until both initial lists have arrived.
     *
     * @throws IllegalStateException when an informer could not start, e.g. the metal.ironcore.dev CRDs are missing
     */
    public void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            synced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Server and ServerBootConfiguration informers did not start: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public <T extends BootResource> Selection<T> select(String machine, List<T> candidates) {
        if (candidates.isEmpty()) {
            return new Selection.NoMatch<>();
        }
        if (candidates.size() == 1) {
            return new Selection.Selected<>(candidates.get(0));
        }
        List<Optional<ObjectKey>> ownerKeys = new ArrayList<>(candidates.size());
        for (T candidate : candidates) {
            ownerKeys.add(owners.serverBootConfiguration(candidate.kind(), candidate.key())
                    .map(OwnerReference::getName).map(candidate.key()::sibling));
        }
        Resolved resolved = resolveServer(candidates, ownerKeys);
        if (resolved.failure().isPresent()) {
            return new Selection.Failed<>(resolved.failure().get());
        }
        Server server = resolved.server().get();
        ObjectReference workload = server.getSpec() == null ? null : server.getSpec().getBootConfigurationRef();
        ObjectReference maintenance = server.getSpec() == null ? null : server.getSpec().getMaintenanceBootConfigurationRef();
        List<T> valid = new ArrayList<>();
        List<ObjectKey> validOwners = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Optional<ObjectKey> owner = ownerKeys.get(i);
            if (owner.isPresent() && (refersTo(workload, owner.get()) || refersTo(maintenance, owner.get()))) {
                valid.add(candidates.get(i));
                validOwners.add(owner.get());
            } else {
                LOG.debug("machine {}: dropping orphaned {} {} (owner {}) for Server {}", machine,
                        candidates.get(i).kind(), candidates.get(i).key(), owner.map(ObjectKey::toString).orElse("none"),
                        server.getMetadata().getName());
            }
        }
        if (valid.isEmpty()) {
            return new Selection.Failed<>("all " + candidates.size() + " boot configs are orphaned ("
                    + describe(candidates, ownerKeys) + "): none is owned by the bootConfigurationRef ("
                    + describe(workload) + ") or maintenanceBootConfigurationRef (" + describe(maintenance)
                    + ") of Server " + server.getMetadata().getName());
        }
        if (valid.size() == 1) {
            return new Selection.Selected<>(valid.get(0));
        }
        ObjectReference preferred = server.inMaintenance() ? maintenance : workload;
        for (int i = 0; i < valid.size(); i++) {
            if (refersTo(preferred, validOwners.get(i))) {
                return new Selection.Selected<>(valid.get(i));
            }
        }
        return new Selection.Selected<>(valid.get(0));
    }

    /** The Server behind the first owning ServerBootConfiguration found in the cache, or why there is none. */
    private <T extends BootResource> Resolved resolveServer(List<T> candidates, List<Optional<ObjectKey>> ownerKeys) {
        Set<ObjectKey> distinct = new LinkedHashSet<>();
        ownerKeys.forEach(o -> o.ifPresent(distinct::add));
        for (ObjectKey sbcKey : distinct) {
            ServerBootConfiguration sbc = serverBootConfigurations.getStore()
                    .getByKey(InformerBootConfigStore.storeKey(sbcKey));
            if (sbc == null) {
                continue; // an orphan whose owner is already gone; another candidate may lead to the Server
            }
            String serverName = sbc.getSpec() == null || sbc.getSpec().getServerRef() == null ? null
                    : sbc.getSpec().getServerRef().getName();
            if (serverName == null || serverName.isBlank()) {
                return Resolved.failed("ServerBootConfiguration " + sbcKey + " has no spec.serverRef, so the Server "
                        + "to choose among " + describe(candidates, ownerKeys) + " is unknown");
            }
            Server server = servers.getStore().getByKey(serverName);
            if (server == null) {
                return Resolved.failed("Server " + serverName + " referenced by ServerBootConfiguration " + sbcKey
                        + " not found; cannot choose among " + describe(candidates, ownerKeys));
            }
            return new Resolved(Optional.of(server), Optional.empty());
        }
        return Resolved.failed("none of the " + candidates.size() + " boot configs (" + describe(candidates, ownerKeys)
                + ") is owned by an existing ServerBootConfiguration, so their Server is unknown");
    }

    private static boolean refersTo(ObjectReference ref, ObjectKey sbc) {
        if (ref == null || ref.getName() == null || !ref.getName().equals(sbc.name())) {
            return false;
        }
        return ref.getNamespace() == null || ref.getNamespace().isBlank() || ref.getNamespace().equals(sbc.namespace());
    }

    private static <T extends BootResource> String describe(List<T> candidates, List<Optional<ObjectKey>> ownerKeys) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            parts.add(candidates.get(i).kind() + " " + candidates.get(i).key() + " owned by "
                    + ownerKeys.get(i).map(k -> "ServerBootConfiguration " + k).orElse("nothing"));
        }
        return String.join(", ", parts);
    }

    private static String describe(ObjectReference ref) {
        if (ref == null || ref.getName() == null) {
            return "unset";
        }
        return ref.getNamespace() == null || ref.getNamespace().isBlank() ? ref.getName() : ref.toString();
    }

    /** Stops the informers. */
    @Override
    public void close() {
        servers.close();
        serverBootConfigurations.close();
    }

    private record Resolved(Optional<Server> server, Optional<String> failure) {
        static Resolved failed(String reason) {
            return new Resolved(Optional.empty(), Optional.of(reason));
        }
    }
}
