package dev.bootoperator.operator.bootctl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Moves boot-operator state from one cluster to another: every {@link HTTPBootConfig} and {@link IPXEBootConfig}
 * (of one namespace, or of all) and the Secrets their {@code ignitionSecretRef} and {@code ipxeScriptSecretRef}
 * name. It is the engine of {@code bootctl move}; tests call it directly.
 *
 * <p>As upstream's {@code bootctl move}:
 * <ul>
 *   <li>it copies: the source cluster is only read, never changed;</li>
 *   <li>it only creates: an object already on the target is skipped when identical (same spec; for a Secret the
 *       same data and type; server-set metadata, owner references and status are ignored) and is an error
 *       when it differs, so nothing on the target is ever overwritten;</li>
 *   <li>it does not copy status: the target's operator recomputes it;</li>
 *   <li>an owner reference to a ServerBootConfiguration is re-pointed at the target's ServerBootConfiguration of
 *       the same name; when that is missing the reference is dropped, or with {@code requireOwners} the move
 *       fails;</li>
 *   <li>when a create fails, the objects this run created are deleted again, newest first.</li>
 * </ul>
 * Unlike upstream it plans everything (every read and check, the owner look-ups included) before the first
 * write, so a conflict or a missing owner fails with the target untouched; it writes Secrets before the boot
 * configs that need them; it moves each Secret once even when several configs share it; it also moves
 * {@code ipxeScriptSecretRef} Secrets; and it drops owner references of other kinds, whose uids mean nothing
 * on the target.
 *
 * <pre>{@code
 * MoveResult result = new Mover(source, target, MoveOptions.defaults().inNamespace("default")).move();
 * result.moved();    // [Secret default/ignition-1, IPXEBootConfig default/machine-1]
 * }</pre>
 */
public final class Mover {
    private final KubernetesClient source;
    private final KubernetesClient target;
    private final MoveOptions options;

    public Mover(KubernetesClient source, KubernetesClient target, MoveOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Plans the move and, unless this is a dry run, carries it out.
     *
     * @throws MoveException naming the object and cluster; the target is as before unless the message says
     *                       that removing created objects failed
     */
    public MoveResult move() {
        List<Planned> plan = plan();
        if (!options.dryRun()) {
            apply(plan);
        }
        return new MoveResult(options.dryRun(), plan.stream().map(Planned::entry).toList());
    }

    /** One object with its verdict and, when it is to be moved, the object to create on the target. */
    private record Planned(MoveResult.Entry entry, Optional<HasMetadata> toCreate) {}

    private List<Planned> plan() {
        Map<ObjectRef, Planned> secrets = new LinkedHashMap<>();
        List<Planned> configs = new ArrayList<>();
        // Upstream's order: HTTPBootConfigs, then IPXEBootConfigs.
        for (HTTPBootConfig config : list(HTTPBootConfig.class, "HTTPBootConfigs")) {
            planSecret(secrets, config, "ignitionSecretRef", config.getSpec() == null ? null
                    : config.getSpec().getIgnitionSecretRef());
            configs.add(planConfig(HTTPBootConfig.class, config));
        }
        for (IPXEBootConfig config : list(IPXEBootConfig.class, "IPXEBootConfigs")) {
            if (config.getSpec() != null) {
                planSecret(secrets, config, "ignitionSecretRef", config.getSpec().getIgnitionSecretRef());
                planSecret(secrets, config, "ipxeScriptSecretRef", config.getSpec().getIpxeScriptSecretRef());
            }
            configs.add(planConfig(IPXEBootConfig.class, config));
        }
        List<Planned> plan = new ArrayList<>(secrets.values());
        plan.addAll(configs);
        return plan;
    }

    private <T extends CustomResource<?, ?>> List<T> list(Class<T> type, String what) {
        MixedOperation<T, KubernetesResourceList<T>, Resource<T>> op = source.resources(type);
        String where = options.namespace().map(ns -> " in namespace " + ns).orElse("");
        List<T> items = read("listing " + what + where, "source", source,
                () -> options.namespace().map(ns -> op.inNamespace(ns).list()).orElseGet(() -> op.inAnyNamespace().list())
                        .getItems());
        return items.stream()
                .sorted(Comparator.comparing((T c) -> c.getMetadata().getNamespace())
                        .thenComparing(c -> c.getMetadata().getName()))
                .toList();
    }

    private <T extends CustomResource<?, ?>> Planned planConfig(Class<T> type, T config) {
        ObjectRef ref = ObjectRef.of(config);
        T existing = read("reading " + ref, "target", target,
                () -> target.resources(type).inNamespace(ref.namespace()).withName(ref.name()).get());
        if (existing != null) {
            if (tree(existing.getSpec()).equals(tree(config.getSpec()))) {
                return skipped(ref);
            }
            throw new MoveException(ref + " already exists in target cluster " + target.getMasterUrl()
                    + " with a different spec; delete it there or leave it out with --namespace");
        }
        Relinked owners = relinkOwners(ref, config.getMetadata().getOwnerReferences(), options.requireOwners());
        T copy = target.getKubernetesSerialization().clone(config);
        copy.setMetadata(targetMetadata(config.getMetadata(), owners.references()));
        copy.setStatus(null);
        return new Planned(new MoveResult.Entry(ref, MoveResult.Action.MOVED, owners.changes()), Optional.of(copy));
    }

    private void planSecret(Map<ObjectRef, Planned> secrets, HasMetadata config, String field, SecretRef secretRef) {
        if (secretRef == null || secretRef.getName() == null || secretRef.getName().isBlank()) {
            return;
        }
        ObjectRef ref = new ObjectRef("Secret", config.getMetadata().getNamespace(), secretRef.getName());
        if (secrets.containsKey(ref)) {
            return;
        }
        Secret secret = read("reading " + ref, "source", source,
                () -> source.secrets().inNamespace(ref.namespace()).withName(ref.name()).get());
        if (secret == null) {
            throw new MoveException(ref + " (" + field + " of " + ObjectRef.of(config) + ") not found in source cluster "
                    + source.getMasterUrl());
        }
        Secret existing = read("reading " + ref, "target", target,
                () -> target.secrets().inNamespace(ref.namespace()).withName(ref.name()).get());
        if (existing != null) {
            if (!sameContent(secret, existing)) {
                throw new MoveException(ref + " already exists in target cluster " + target.getMasterUrl()
                        + " with different data; delete it there or leave it out with --namespace");
            }
            secrets.put(ref, skipped(ref));
            return;
        }
        // --require-owners is about the boot configs' ServerBootConfigurations; a Secret's owners are relinked
        // when they can be and dropped otherwise.
        Relinked owners = relinkOwners(ref, secret.getMetadata().getOwnerReferences(), false);
        Secret copy = target.getKubernetesSerialization().clone(secret);
        copy.setMetadata(targetMetadata(secret.getMetadata(), owners.references()));
        secrets.put(ref, new Planned(new MoveResult.Entry(ref, MoveResult.Action.MOVED, owners.changes()),
                Optional.of(copy)));
    }

    private static Planned skipped(ObjectRef ref) {
        return new Planned(new MoveResult.Entry(ref, MoveResult.Action.SKIPPED, List.of()), Optional.empty());
    }

    private record Relinked(List<OwnerReference> references, List<OwnerChange> changes) {}

    private Relinked relinkOwners(ObjectRef object, List<OwnerReference> owners, boolean required) {
        List<OwnerReference> references = new ArrayList<>();
        List<OwnerChange> changes = new ArrayList<>();
        for (OwnerReference owner : owners == null ? List.<OwnerReference>of() : owners) {
            if (!isServerBootConfiguration(owner)) {
                changes.add(new OwnerChange.Dropped(owner.getKind(), owner.getName(),
                        "only ServerBootConfiguration owners are re-linked"));
                continue;
            }
            ServerBootConfiguration sbc = read("reading ServerBootConfiguration " + object.namespace() + "/"
                    + owner.getName(), "target", target, () -> target.resources(ServerBootConfiguration.class)
                    .inNamespace(object.namespace()).withName(owner.getName()).get());
            if (sbc != null) {
                references.add(new OwnerReferenceBuilder(owner)
                        .withApiVersion(sbc.getApiVersion())
                        .withUid(sbc.getMetadata().getUid())
                        .build());
                changes.add(new OwnerChange.Relinked(owner.getName(), sbc.getMetadata().getUid()));
            } else if (required) {
                throw new MoveException(object + ": owner ServerBootConfiguration " + object.namespace() + "/"
                        + owner.getName() + " not found in target cluster " + target.getMasterUrl()
                        + " (--require-owners)");
            } else {
                changes.add(new OwnerChange.Dropped("ServerBootConfiguration", owner.getName(),
                        "not found in target cluster"));
            }
        }
        return new Relinked(references, changes);
    }

    private static boolean isServerBootConfiguration(OwnerReference owner) {
        return "ServerBootConfiguration".equals(owner.getKind()) && owner.getApiVersion() != null
                && owner.getApiVersion().startsWith(Server.GROUP + "/");
    }

    /** What the user wrote, without what the source's API server set (uid, resourceVersion, timestamps...). */
    private static ObjectMeta targetMetadata(ObjectMeta from, List<OwnerReference> owners) {
        return new ObjectMetaBuilder()
                .withNamespace(from.getNamespace())
                .withName(from.getName())
                .withLabels(from.getLabels())
                .withAnnotations(from.getAnnotations())
                .withFinalizers(from.getFinalizers())
                .withOwnerReferences(owners)
                .build();
    }

    private JsonNode tree(Object value) {
        return target.getKubernetesSerialization().convertValue(value, JsonNode.class);
    }

    private static boolean sameContent(Secret a, Secret b) {
        return typeOf(a).equals(typeOf(b)) && effectiveData(a).equals(effectiveData(b));
    }

    private static String typeOf(Secret secret) {
        return secret.getType() == null || secret.getType().isEmpty() ? "Opaque" : secret.getType();
    }

    /** {@code data} merged with {@code stringData} as the API server does, values decoded for comparison. */
    private static Map<String, String> effectiveData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) ->
                    data.put(k, new String(Base64.getMimeDecoder().decode(v == null ? "" : v), StandardCharsets.ISO_8859_1)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k,
                    new String((v == null ? "" : v).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        }
        return data;
    }

    private void apply(List<Planned> plan) {
        List<HasMetadata> created = new ArrayList<>();
        for (Planned planned : plan) {
            if (planned.toCreate().isEmpty()) {
                continue;
            }
            try {
                created.add(target.resource(planned.toCreate().get()).create());
            } catch (RuntimeException e) {
                List<RuntimeException> rollbackFailures = new ArrayList<>();
                String outcome = rollBack(created, rollbackFailures);
                MoveException failure = new MoveException("creating " + planned.entry().object()
                        + " in target cluster " + target.getMasterUrl() + " failed: " + firstLine(e) + "; " + outcome, e);
                rollbackFailures.forEach(failure::addSuppressed);
                throw failure;
            }
        }
    }

    /** Deletes what this run created, newest first; returns how that went, for the error message. */
    private String rollBack(List<HasMetadata> created, List<RuntimeException> failures) {
        if (created.isEmpty()) {
            return "target unchanged";
        }
        List<String> left = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            HasMetadata object = created.get(i);
            try {
                target.resource(object).delete();
            } catch (RuntimeException e) {
                left.add(ObjectRef.of(object) + " (" + firstLine(e) + ")");
                failures.add(e);
            }
        }
        return left.isEmpty()
                ? "rolled back: deleted the " + created.size() + " object(s) this run had created"
                : "ROLLBACK FAILED, still in target cluster: " + String.join(", ", left);
    }

    private static <T> T read(String what, String side, KubernetesClient client, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new MoveException(what + " in " + side + " cluster " + client.getMasterUrl() + " failed: "
                    + firstLine(e), e);
        }
    }

    /**
     * One line for an error message: the API server's answer ({@code 409 secrets "x" already exists}) when there
     * was one, otherwise the root cause ({@code Connection refused: /10.0.0.1:6443}); fabric8's own top-level
     * message only says which operation failed, which the caller already names.
     */
    static String firstLine(Throwable e) {
        String message;
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            message = k.getCode() + " " + k.getStatus().getMessage();
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = root.getMessage() == null || root.getMessage().isBlank()
                    ? root.getClass().getSimpleName() : root.getMessage();
        }
        return message.strip().lines().findFirst().orElse(message);
    }
}
