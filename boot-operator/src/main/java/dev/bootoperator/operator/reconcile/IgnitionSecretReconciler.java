package dev.bootoperator.operator.reconcile;

import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.SecretRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A boot config is Ready when the Ignition secret it references (if any) exists in its namespace and has the
 * {@code ignition} key, and Error otherwise, with an {@value Conditions#IGNITION_SECRET} condition saying why.
 * A change to a Secret re-reconciles exactly the configs that reference it: the configs are indexed by
 * {@code namespace/secret}, so the mapper is a lookup, not a scan.
 */
abstract class IgnitionSecretReconciler<C extends CustomResource<?, BootConfigStatus> & Namespaced>
        implements Reconciler<C> {
    static final String IGNITION_KEY = dev.bootoperator.config.Secret.IGNITION_KEY;
    private static final String SECRET_INDEX = "ignitionSecret";

    private final Supplier<C> emptyConfig;
    private final Clock clock;

    IgnitionSecretReconciler(Supplier<C> emptyConfig, Clock clock) {
        this.emptyConfig = emptyConfig;
        this.clock = clock;
    }

    /** The config's {@code spec.ignitionSecretRef}, when it names a secret. */
    abstract Optional<SecretRef> ignitionSecretRef(C config);

    @Override
    public List<EventSource<?, C>> prepareEventSources(EventSourceContext<C> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, config -> secretKey(config).map(List::of).orElse(List.of()));
        var secrets = InformerEventSourceConfiguration.from(Secret.class, context.getPrimaryResourceClass())
                .withSecondaryToPrimaryMapper((Secret secret) -> context.getPrimaryCache()
                        .byIndex(SECRET_INDEX, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((C config) -> ignitionSecretRef(config)
                        .map(ref -> Set.of(new ResourceID(ref.getName(), config.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
        return List.of(new InformerEventSource<>(secrets, context));
    }

    @Override
    public UpdateControl<C> reconcile(C config, Context<C> context) {
        BootConfigStatus current = config.getStatus() == null ? new BootConfigStatus() : config.getStatus();
        BootConfigStatus desired = copy(current);
        Optional<SecretRef> ref = ignitionSecretRef(config);
        Long generation = config.getMetadata().getGeneration();
        if (ref.isEmpty()) {
            desired.setState(BootConfigStatus.READY);
            Conditions.remove(desired.getConditions(), Conditions.IGNITION_SECRET);
        } else {
            String name = config.getMetadata().getNamespace() + "/" + ref.get().getName();
            Optional<Secret> secret = context.getSecondaryResource(Secret.class);
            Condition condition;
            if (secret.isEmpty()) {
                condition = Conditions.of(Conditions.IGNITION_SECRET, false, Conditions.REASON_SECRET_NOT_FOUND,
                        "Ignition secret " + name + " not found", generation);
            } else if (!keys(secret.get()).contains(IGNITION_KEY)) {
                condition = Conditions.of(Conditions.IGNITION_SECRET, false, Conditions.REASON_IGNITION_KEY_MISSING,
                        "Ignition secret " + name + " has no key '" + IGNITION_KEY + "' (keys: "
                                + (keys(secret.get()).isEmpty() ? "none" : String.join(", ", keys(secret.get()))) + ")", generation);
            } else {
                condition = Conditions.of(Conditions.IGNITION_SECRET, true, Conditions.REASON_VALID,
                        "Ignition secret " + name + " has key '" + IGNITION_KEY + "'", generation);
            }
            desired.setState(Conditions.TRUE.equals(condition.getStatus()) ? BootConfigStatus.READY : BootConfigStatus.ERROR);
            Conditions.set(desired.getConditions(), condition, clock);
        }
        if (Objects.equals(current.getState(), desired.getState())
                && Objects.equals(current.getConditions(), desired.getConditions())) {
            return UpdateControl.noUpdate();
        }
        return UpdateControl.patchStatus(forStatusPatch(config, desired));
    }

    /** As JOSDK's sample operators do: a fresh object with only name, namespace and the new status. */
    private C forStatusPatch(C config, BootConfigStatus status) {
        C fresh = emptyConfig.get();
        fresh.setMetadata(new ObjectMetaBuilder().withName(config.getMetadata().getName())
                .withNamespace(config.getMetadata().getNamespace()).build());
        fresh.setStatus(status);
        return fresh;
    }

    /** A copy of the status that keeps fields written by newer operators. */
    private static BootConfigStatus copy(BootConfigStatus status) {
        BootConfigStatus copy = new BootConfigStatus();
        copy.setState(status.getState());
        List<Condition> conditions = new ArrayList<>();
        status.getConditions().forEach(c -> conditions.add(new ConditionBuilder(c).build()));
        copy.setConditions(conditions);
        status.getAdditionalProperties().forEach(copy::setAdditionalProperty);
        return copy;
    }

    private Optional<String> secretKey(C config) {
        return ignitionSecretRef(config).map(ref -> config.getMetadata().getNamespace() + "/" + ref.getName());
    }

    /** {@code data} and {@code stringData} keys: the API server folds the latter into the former, a mock may not. */
    private static Set<String> keys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        Optional.ofNullable(secret.getData()).map(Map::keySet).ifPresent(keys::addAll);
        Optional.ofNullable(secret.getStringData()).map(Map::keySet).ifPresent(keys::addAll);
        return keys;
    }

    static Optional<SecretRef> named(SecretRef ref) {
        return Optional.ofNullable(ref).filter(r -> r.getName() != null && !r.getName().isBlank());
    }
}
