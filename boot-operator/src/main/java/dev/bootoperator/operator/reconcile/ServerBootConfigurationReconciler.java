package dev.bootoperator.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryException;
import dev.bootoperator.oci.RegistryNotAllowedException;
import dev.bootoperator.oci.ResolvedImage;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controllers {@value BootControllers#SERVER_BOOT_CONFIG_PXE} and {@value BootControllers#SERVER_BOOT_CONFIG_HTTP}:
 * ServerBootConfiguration → one child boot config of the same name and namespace, for one {@link BootMethod}
 * ({@link IPXEBootConfigChild}, {@link HTTPBootConfigChild}).
 *
 * <ul>
 *   <li>The Server ({@code spec.serverRef.name}, cluster-scoped) gives the UUID and addresses; {@code spec.image}
 *       is resolved through the shared {@link dev.bootoperator.oci.ImageResolver}.</li>
 *   <li>The child is created, or JSON-patched in the fields this controller owns only, so fields written by
 *       others survive. It carries a controller owner reference to the ServerBootConfiguration, so the
 *       garbage collector deletes it with its owner.</li>
 *   <li>The child's state and conditions are copied back. An image that cannot be resolved gives state Error and
 *       {@code ImageValidation=False/ValidationFailed}, whose message starts with the child kind so that each
 *       controller removes only its own, when its child turns Ready.</li>
 *   <li>Both controllers of a ServerBootConfiguration write its status, so the status is JSON-patched from a
 *       fresh read with {@code metadata.resourceVersion} in the patch: the API server refuses a stale write
 *       with 409 and the reconcile is retried.</li>
 *   <li>A change to the child (its status) or to the Server re-reconciles; Servers map to
 *       ServerBootConfigurations through an index on {@code spec.serverRef.name}.</li>
 * </ul>
 */
final class ServerBootConfigurationReconciler<C extends CustomResource<?, BootConfigStatus> & Namespaced>
        implements Reconciler<ServerBootConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerBootConfigurationReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER_INDEX = "serverRef";
    private static final String SBC_KIND = HasMetadata.getKind(ServerBootConfiguration.class);

    private final ControllerSettings settings;
    private final Clock clock;
    private final BootConfigChild<C> child;
    private final Class<C> childType;
    private final BootMethod method;
    private volatile InformerEventSource<C, ServerBootConfiguration> children;

    ServerBootConfigurationReconciler(ControllerSettings settings, Clock clock, BootConfigChild<C> child) {
        this.settings = settings;
        this.clock = clock;
        this.child = child;
        this.childType = child.type();
        this.method = child.method();
    }

    @Override
    public List<EventSource<?, ServerBootConfiguration>> prepareEventSources(
            EventSourceContext<ServerBootConfiguration> context) {
        context.getPrimaryCache().addIndexer(SERVER_INDEX, sbc -> serverName(sbc).map(List::of).orElse(List.of()));
        var childConfig = InformerEventSourceConfiguration.from(childType, ServerBootConfiguration.class)
                .withName(method.childKind().toLowerCase())
                .withSecondaryToPrimaryMapper((C child) -> owner(child).map(Set::of).orElse(Set.of()))
                .withPrimaryToSecondaryMapper((ServerBootConfiguration sbc) -> Set.of(ResourceID.fromResource(sbc)))
                .build();
        children = new InformerEventSource<>(childConfig, context);
        var serverConfig = InformerEventSourceConfiguration.from(Server.class, ServerBootConfiguration.class)
                .withName("servers")
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper((Server server) -> context.getPrimaryCache()
                        .byIndex(SERVER_INDEX, server.getMetadata().getName()).stream()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((ServerBootConfiguration sbc) -> serverName(sbc)
                        .map(name -> Set.of(new ResourceID(name))).orElse(Set.of()))
                .build();
        return List.of(children, new InformerEventSource<>(serverConfig, context));
    }

    @Override
    public UpdateControl<ServerBootConfiguration> reconcile(ServerBootConfiguration sbc,
                                                            Context<ServerBootConfiguration> context) {
        KubernetesClient client = context.getClient();
        if (sbc.getMetadata().getDeletionTimestamp() != null) {
            return UpdateControl.noUpdate();
        }
        if (!method.wantedBy(sbc, settings.honorBootMethod())) {
            removeChild(client, sbc, context);
            updateStatusRemovingUnwanted(client, sbc);
            return UpdateControl.noUpdate();
        }
        if (method.configuredUrl(settings).isBlank()) {
            reportMissingUrl(client, sbc);
            return UpdateControl.noUpdate();
        }
        Optional<Server> server = context.getSecondaryResource(Server.class);
        if (server.isEmpty()) {
            LOG.info("ServerBootConfiguration {}/{}: waiting for Server '{}'", sbc.getMetadata().getNamespace(),
                    sbc.getMetadata().getName(), serverName(sbc).orElse(""));
            updateStatus(client, sbc, status -> {
                if (status.getState() == null) {
                    status.setState(BootConfigStatus.PENDING);
                }
            });
            return UpdateControl.noUpdate();
        }
        Object spec;
        try {
            ImageReference image = ImageReference.parse(Optional.ofNullable(sbc.getSpec().getImage()).orElse(""));
            spec = child.desiredSpec(sbc, server.get(), image, settings.images().resolve(image));
        } catch (IllegalArgumentException | RegistryException e) {
            String message = method.childKind() + ": " + e.getMessage();
            LOG.info("ServerBootConfiguration {}/{}: {}", sbc.getMetadata().getNamespace(), sbc.getMetadata().getName(),
                    message);
            updateStatus(client, sbc, status -> {
                Conditions.set(status.getConditions(), Conditions.of(Conditions.IMAGE_VALIDATION, false,
                        Conditions.REASON_VALIDATION_FAILED, message, sbc.getMetadata().getGeneration()), clock);
                status.setState(BootConfigStatus.ERROR);
            });
            // A malformed reference or a refused registry changes only with the spec (or a restart with new flags).
            boolean permanent = e instanceof IllegalArgumentException || e instanceof RegistryNotAllowedException;
            UpdateControl<ServerBootConfiguration> control = UpdateControl.noUpdate();
            return permanent ? control : control.rescheduleAfter(settings.retryAfterImageFailure());
        }
        C applied = applyChild(client, sbc, spec, context);
        BootConfigStatus childStatus = applied.getStatus() == null ? new BootConfigStatus() : applied.getStatus();
        updateStatus(client, sbc, status -> copyFromChild(sbc, childStatus, status));
        return UpdateControl.noUpdate();
    }

    /**
     * This side's URL flag is not set (upstream starts without it, and a Helm placeholder counts as unset). A
     * ServerBootConfiguration that asks for this boot method, or for none while the other method's URL is missing
     * too, cannot boot: state Error, {@code ImageValidation=False/FlagNotSet} naming the flag. One that another
     * method serves is left to it, and loses this side's condition from an earlier run.
     */
    private void reportMissingUrl(KubernetesClient client, ServerBootConfiguration sbc) {
        String asked = sbc.getSpec() == null || sbc.getSpec().getBootMethod() == null ? ""
                : sbc.getSpec().getBootMethod().trim();
        boolean otherMissing = method.other().configuredUrl(settings).isBlank();
        if (asked.equals(method.specValue()) || asked.isEmpty() && otherMissing) {
            String message = method.childKind() + ": " + (asked.isEmpty()
                    ? "the operator runs without " + method.urlFlag() + " and " + method.other().urlFlag()
                    : "the operator runs without " + method.urlFlag())
                    + ", so no boot URL can be built; restart it with the flag";
            LOG.info("ServerBootConfiguration {}/{}: {}", sbc.getMetadata().getNamespace(), sbc.getMetadata().getName(),
                    message);
            updateStatus(client, sbc, status -> {
                Conditions.set(status.getConditions(), Conditions.of(Conditions.IMAGE_VALIDATION, false,
                        Conditions.REASON_FLAG_NOT_SET, message, sbc.getMetadata().getGeneration()), clock);
                status.setState(BootConfigStatus.ERROR);
            });
        } else {
            updateStatus(client, sbc, status -> status.getConditions().removeIf(c ->
                    Conditions.IMAGE_VALIDATION.equals(c.getType()) && Conditions.REASON_FLAG_NOT_SET.equals(c.getReason())
                            && BootMethod.ofMessage(c.getMessage()).filter(method::equals).isPresent()));
        }
    }

    private void copyFromChild(ServerBootConfiguration sbc, BootConfigStatus childStatus, BootConfigStatus status) {
        removeImageValidationOfUnwantedMethods(sbc, status);
        for (Condition condition : childStatus.getConditions()) {
            Conditions.set(status.getConditions(), new ConditionBuilder(condition)
                    .withObservedGeneration(sbc.getMetadata().getGeneration()).build(), clock);
        }
        if (Conditions.find(childStatus.getConditions(), Conditions.IGNITION_SECRET).isEmpty()) {
            Conditions.remove(status.getConditions(), Conditions.IGNITION_SECRET);
        }
        boolean ready = BootConfigStatus.READY.equals(childStatus.getState());
        if (ready) {
            removeImageValidationOf(status, method);
        }
        boolean imageFailure = Conditions.find(status.getConditions(), Conditions.IMAGE_VALIDATION)
                .filter(c -> Conditions.FALSE.equals(c.getStatus())).isPresent();
        if (imageFailure || BootConfigStatus.ERROR.equals(childStatus.getState())) {
            status.setState(BootConfigStatus.ERROR);
        } else if (ready) {
            status.setState(BootConfigStatus.READY);
        } else if (status.getState() == null) {
            status.setState(BootConfigStatus.PENDING);
        }
    }

    /** Drops {@code ImageValidation} written for a method that {@code sbc} does not ask for (any more). */
    private void removeImageValidationOfUnwantedMethods(ServerBootConfiguration sbc, BootConfigStatus status) {
        status.getConditions().removeIf(c -> Conditions.IMAGE_VALIDATION.equals(c.getType())
                && BootMethod.ofMessage(c.getMessage()).filter(m -> !m.wantedBy(sbc, settings.honorBootMethod()))
                .isPresent());
    }

    private static void removeImageValidationOf(BootConfigStatus status, BootMethod owner) {
        status.getConditions().removeIf(c -> Conditions.IMAGE_VALIDATION.equals(c.getType())
                && BootMethod.ofMessage(c.getMessage()).filter(owner::equals).isPresent());
    }

    /**
     * Creates the child, or JSON-patches the owned fields and the controller reference that differ; the result
     * goes into the informer's cache at once, so the next reconcile sees its own write.
     */
    private C applyChild(KubernetesClient client, ServerBootConfiguration sbc, Object spec,
                         Context<ServerBootConfiguration> context) {
        String namespace = sbc.getMetadata().getNamespace();
        String name = sbc.getMetadata().getName();
        ObjectNode desired = JSON.valueToTree(spec);
        OwnerReference owner = controllerReference(sbc);
        Optional<C> existing = context.getSecondaryResource(childType);
        if (existing.isEmpty()) {
            ObjectNode tree = JSON.createObjectNode();
            tree.put("apiVersion", HasMetadata.getApiVersion(childType));
            tree.put("kind", method.childKind());
            ObjectNode metadata = tree.putObject("metadata");
            metadata.put("name", name);
            metadata.put("namespace", namespace);
            metadata.putArray("ownerReferences").add(JSON.valueToTree(owner));
            tree.set("spec", desired);
            try {
                C created = client.resource(JSON.treeToValue(tree, childType)).create();
                children.handleRecentResourceCreate(ResourceID.fromResource(created), created);
                return created;
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = Optional.ofNullable(client.resources(childType).inNamespace(namespace).withName(name).get());
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        C current = existing.get();
        ArrayNode patch = JSON.createArrayNode();
        List<OwnerReference> references = withController(current.getMetadata().getOwnerReferences(), owner);
        if (!references.equals(current.getMetadata().getOwnerReferences())) {
            add(patch, "/metadata/ownerReferences", JSON.valueToTree(references));
        }
        JsonNode currentSpec = current.getSpec() == null ? null : JSON.valueToTree(current.getSpec());
        if (currentSpec == null) {
            add(patch, "/spec", JSON.createObjectNode());
            currentSpec = JSON.createObjectNode();
        }
        for (String field : child.ownedSpecFields()) {
            JsonNode want = desired.get(field);
            JsonNode have = currentSpec.get(field);
            if (want != null && !want.equals(have)) {
                add(patch, "/spec/" + field, want);
            } else if (want == null && have != null) {
                patch.addObject().put("op", "remove").put("path", "/spec/" + field);
            }
        }
        if (patch.isEmpty()) {
            return current;
        }
        C updated = client.resources(childType).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON), patch.toString());
        children.handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, current);
        return updated;
    }

    /** Deletes the child when this ServerBootConfiguration controls it (not someone's resource of the same name). */
    private void removeChild(KubernetesClient client, ServerBootConfiguration sbc,
                             Context<ServerBootConfiguration> context) {
        Optional<C> existing = context.getSecondaryResource(childType);
        if (existing.isPresent() && existing.get().getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> Boolean.TRUE.equals(r.getController())
                        && Objects.equals(r.getUid(), sbc.getMetadata().getUid()))) {
            LOG.info("ServerBootConfiguration {}/{} asks for boot method '{}': deleting its {}",
                    sbc.getMetadata().getNamespace(), sbc.getMetadata().getName(), sbc.getSpec().getBootMethod(),
                    method.childKind());
            client.resources(childType).inNamespace(sbc.getMetadata().getNamespace())
                    .withName(sbc.getMetadata().getName()).delete();
        }
    }

    /**
     * Applies {@code change} to the ServerBootConfiguration's status and patches the result when it
     * differs (JSON Patch). The cached object decides whether anything is to be done; the patch is computed from a fresh
     * read and carries its resourceVersion, because the other boot method's controller writes the same status.
     */
    private void updateStatus(KubernetesClient client, ServerBootConfiguration sbc, Consumer<BootConfigStatus> change) {
        BootConfigStatus cached = statusOf(sbc);
        BootConfigStatus desired = copy(cached);
        change.accept(desired);
        if (sameStateAndConditions(cached, desired)) {
            return;
        }
        var resource = client.resources(ServerBootConfiguration.class).inNamespace(sbc.getMetadata().getNamespace())
                .withName(sbc.getMetadata().getName());
        ServerBootConfiguration fresh = resource.get();
        if (fresh == null) {
            return;
        }
        BootConfigStatus current = statusOf(fresh);
        desired = copy(current);
        change.accept(desired);
        if (sameStateAndConditions(current, desired)) {
            return;
        }
        // The resourceVersion in the patched object is a precondition: a stale write gets 409 Conflict.
        ArrayNode patch = JSON.createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                .put("value", fresh.getMetadata().getResourceVersion());
        if (fresh.getStatus() == null) {
            add(patch, "/status", JSON.createObjectNode());
        }
        if (desired.getState() != null) {
            add(patch, "/status/state", JSON.getNodeFactory().textNode(desired.getState()));
        }
        add(patch, "/status/conditions", JSON.valueToTree(desired.getConditions()));
        LOG.debug("{} {}/{}: status patch {}", method.childKind(), sbc.getMetadata().getNamespace(),
                sbc.getMetadata().getName(), patch);
        resource.subresource("status").patch(PatchContext.of(PatchType.JSON), patch.toString());
    }

    /** A JSON Patch {@code add}, which also replaces an existing member. */
    private static void add(ArrayNode patch, String path, JsonNode value) {
        patch.addObject().put("op", "add").put("path", path).set("value", value);
    }

    private void updateStatusRemovingUnwanted(KubernetesClient client, ServerBootConfiguration sbc) {
        updateStatus(client, sbc, status -> removeImageValidationOfUnwantedMethods(sbc, status));
    }

    private static BootConfigStatus statusOf(ServerBootConfiguration sbc) {
        return sbc.getStatus() == null ? new BootConfigStatus() : sbc.getStatus();
    }

    private static BootConfigStatus copy(BootConfigStatus status) {
        BootConfigStatus copy = new BootConfigStatus();
        copy.setState(status.getState());
        List<Condition> conditions = new ArrayList<>();
        status.getConditions().forEach(c -> conditions.add(new ConditionBuilder(c).build()));
        copy.setConditions(conditions);
        return copy;
    }

    private static boolean sameStateAndConditions(BootConfigStatus a, BootConfigStatus b) {
        return Objects.equals(a.getState(), b.getState()) && Objects.equals(a.getConditions(), b.getConditions());
    }

    static OwnerReference controllerReference(ServerBootConfiguration sbc) {
        return new OwnerReferenceBuilder().withApiVersion(HasMetadata.getApiVersion(ServerBootConfiguration.class))
                .withKind(SBC_KIND).withName(sbc.getMetadata().getName()).withUid(sbc.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /**
     * {@code references} with {@code owner} as the controller: it replaces any other controller reference (a child
     * left behind by a deleted ServerBootConfiguration of the same name is taken over), others are kept.
     */
    private static List<OwnerReference> withController(List<OwnerReference> references, OwnerReference owner) {
        List<OwnerReference> result = new ArrayList<>();
        boolean placed = false;
        for (OwnerReference reference : references == null ? List.<OwnerReference>of() : references) {
            boolean ours = Objects.equals(reference.getUid(), owner.getUid())
                    || Boolean.TRUE.equals(reference.getController());
            if (!ours) {
                result.add(reference);
            } else if (!placed) {
                result.add(owner);
                placed = true;
            }
        }
        if (!placed) {
            result.add(owner);
        }
        return result;
    }

    private static Optional<ResourceID> owner(HasMetadata child) {
        return child.getMetadata().getOwnerReferences().stream()
                .filter(r -> SBC_KIND.equals(r.getKind()) && Boolean.TRUE.equals(r.getController()))
                .findFirst().map(r -> new ResourceID(r.getName(), child.getMetadata().getNamespace()));
    }

    private static Optional<String> serverName(ServerBootConfiguration sbc) {
        return Optional.ofNullable(sbc.getSpec()).map(s -> s.getServerRef()).map(r -> r.getName())
                .filter(n -> !n.isBlank());
    }
}
