package dev.bootoperator.operator.serve;

import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.event.BootEvent;
import dev.bootoperator.event.BootEventListener;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.IPXEBootConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the boot servers did into Kubernetes: when a machine fetches its iPXE script or its Ignition, the
 * served config gets the condition {@value #IPXE_SCRIPT_FETCHED} / {@value #IGNITION_DATA_FETCHED} (status True,
 * reason {@value #IPXE_SCRIPT_DELIVERED} / {@value #IGNITION_DATA_DELIVERED}, as upstream), and a core v1 Event
 * is recorded on the config and on its owning ServerBootConfiguration, so that {@code kubectl describe} shows
 * each machine's boot timeline.
 *
 * <p>A boot request never waits for the API server: {@link #onEvent} only puts the work in a bounded queue that
 * one worker thread drains. Repeats for the same config and condition while one is queued are coalesced into
 * it (the Event then counts them); when the queue is full the work is dropped and counted
 * ({@link #stats()}), with a warning at most every {@link #DROP_WARNING_INTERVAL}. The condition patch of the
 * status subresource is computed from the informer cache and guarded against a stale cache (see
 * {@link #conditionPatch}); then the worker reads the object and retries. Other conditions are kept, and
 * {@code lastTransitionTime} only moves when the status changes.
 *
 * <p>Butane that translated with warnings ({@code BootEvent.ButaneWarned}, once per translation) becomes an Event
 * of type Warning, reason {@value #BUTANE_WARNING}, on the boot config, listing the YAML paths; no condition.
 */
public final class BootStatusRecorder implements BootEventListener, AutoCloseable {
    public static final String IPXE_SCRIPT_FETCHED = "IPXEScriptFetched";
    public static final String IPXE_SCRIPT_DELIVERED = "IPXEScriptDelivered";
    public static final String IGNITION_DATA_FETCHED = "IgnitionDataFetched";
    public static final String IGNITION_DATA_DELIVERED = "IgnitionDataDelivered";
    /** The reason of the Warning Event for Butane that translated with warnings. */
    public static final String BUTANE_WARNING = "ButaneWarning";
    /** The queue bound unless set. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** The {@code source.component} and {@code reportingComponent} of the Events. */
    public static final String COMPONENT = "boot-operator";
    static final Duration DROP_WARNING_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BootStatusRecorder.class);
    private static final int PATCH_ATTEMPTS = 3;
    /** Answers to a patch computed from a stale object: a resourceVersion conflict, a failed JSON-patch test. */
    private static final java.util.Set<Integer> STALE = java.util.Set.of(409, 422);

    private final KubernetesClient client;
    private final InformerBootConfigStore cache;
    private final Clock clock;
    private final int capacity;
    private final Object lock = new Object();
    private final LinkedHashMap<WorkKey, Delivery> pending = new LinkedHashMap<>();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread worker;
    private boolean closed;
    private long lastDropWarning;
    private long droppedAtLastWarning;

    /**
     * Starts the worker.
     *
     * @param client   the client the patches and Events go through
     * @param cache    where the served configs and their owners are read from
     * @param capacity how many distinct deliveries may wait; more are dropped
     */
    public BootStatusRecorder(KubernetesClient client, InformerBootConfigStore cache, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = new Thread(this::run, "boot-status-recorder");
        worker.setDaemon(true);
        worker.start();
    }

    public BootStatusRecorder(KubernetesClient client, InformerBootConfigStore cache) {
        this(client, cache, DEFAULT_CAPACITY, Clock.systemUTC());
    }

    /** Counters since start: recorded deliveries, repeats coalesced, deliveries dropped and failed. */
    public record Stats(long recorded, long coalesced, long dropped, long failed, int queued) {
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(recorded.get(), coalesced.get(), dropped.get(), failed.get(), pending.size());
        }
    }

    @Override
    public void onEvent(BootEvent event) {
        if (event instanceof BootEvent.IpxeScriptFetched e) {
            enqueue(new Delivery(new WorkKey(IpxeBootConfig.KIND, e.config(), IPXE_SCRIPT_FETCHED), e.systemUuid(),
                    e.clientAddress(), 1, ""));
        } else if (event instanceof BootEvent.IgnitionDataFetched e) {
            enqueue(new Delivery(new WorkKey(e.configKind(), e.config(), IGNITION_DATA_FETCHED), e.systemUuid(),
                    e.clientAddress(), 1, ""));
        } else if (event instanceof BootEvent.ButaneWarned e) {
            String warnings = e.warnings().stream().map(w -> (w.path().isEmpty() ? "(document)" : w.path()) + ": "
                    + w.message()).collect(java.util.stream.Collectors.joining("; "));
            enqueue(new Delivery(new WorkKey(e.configKind(), e.config(), BUTANE_WARNING), e.systemUuid(), "", 1,
                    "Butane in secret " + e.secret() + " translated with " + e.warnings().size()
                            + (e.warnings().size() == 1 ? " warning" : " warnings") + " for machine " + e.systemUuid()
                            + ": " + warnings));
        }
    }

    private void enqueue(Delivery delivery) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Delivery queued = pending.get(delivery.key());
            if (queued != null) {
                pending.put(delivery.key(), new Delivery(delivery.key(), delivery.machine(), delivery.client(),
                        queued.count() + 1, delivery.detail()));
                coalesced.incrementAndGet();
                return;
            }
            if (pending.size() >= capacity) {
                long total = dropped.incrementAndGet();
                long now = System.nanoTime();
                if (droppedAtLastWarning == 0 || now - lastDropWarning >= DROP_WARNING_INTERVAL.toNanos()) {
                    LOG.warn("boot status queue full ({} pending): dropped {} of {} ({} dropped in total, {} since "
                            + "the last warning); the API server is slow or unreachable", capacity,
                            delivery.key().condition(), delivery.key().describe(), total, total - droppedAtLastWarning);
                    lastDropWarning = now;
                    droppedAtLastWarning = total;
                }
                return;
            }
            pending.put(delivery.key(), delivery);
            lock.notifyAll();
        }
    }

    private void run() {
        while (true) {
            Delivery next;
            synchronized (lock) {
                while (pending.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                Iterator<Delivery> first = pending.values().iterator();
                next = first.next();
                first.remove();
            }
            try {
                record(next);
                recorded.incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.warn("recording {} on {} for machine {} failed: {}", next.key().condition(), next.key().describe(),
                        next.machine(), e.toString());
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void record(Delivery delivery) {
        WorkKey key = delivery.key();
        Optional<? extends HasMetadata> cached = cache.bootConfig(key.kind(), key.config());
        if (cached.isEmpty()) {
            LOG.debug("{} is gone; not recording {}", key.describe(), key.condition());
            return;
        }
        HasMetadata config = cached.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (key.condition().equals(BUTANE_WARNING)) {
            createEvent(key.config().namespace(), reference(config), "Warning", BUTANE_WARNING,
                    truncate(delivery.detail()), delivery.count(), now);
            return;
        }
        patchCondition(key, config);
        boolean ipxe = key.condition().equals(IPXE_SCRIPT_FETCHED);
        String reason = ipxe ? IPXE_SCRIPT_DELIVERED : IGNITION_DATA_DELIVERED;
        String what = ipxe ? "iPXE script" : "Ignition";
        String times = delivery.count() > 1 ? " (" + delivery.count() + " times)" : "";
        createEvent(key.config().namespace(), reference(config), "Normal", reason, "Machine " + delivery.machine() + " fetched its "
                + what + " from " + delivery.client() + times, delivery.count(), now);
        Optional<OwnerReference> owner = cache.serverBootConfiguration(key.kind(), key.config());
        if (owner.isPresent()) {
            OwnerReference o = owner.get();
            createEvent(key.config().namespace(), new ObjectReferenceBuilder().withApiVersion(o.getApiVersion())
                            .withKind(o.getKind()).withName(o.getName()).withNamespace(key.config().namespace())
                            .withUid(o.getUid()).build(), "Normal", reason,
                    "Machine " + delivery.machine() + " fetched its " + what + " (" + key.describe() + ") from "
                            + delivery.client() + times, delivery.count(), now);
        }
    }

    /** Sets the condition from the cached object; when that was stale reads the object once more, up to a bound. */
    private void patchCondition(WorkKey key, HasMetadata cached) {
        HasMetadata current = cached;
        for (int attempt = 1; ; attempt++) {
            Optional<StatusPatch> patch = conditionPatch(key.condition(), current);
            if (patch.isEmpty()) {
                return;
            }
            try {
                client.resources(resourceClass(key.kind())).inNamespace(key.config().namespace())
                        .withName(key.config().name()).subresource("status")
                        .patch(PatchContext.of(patch.get().type()), patch.get().body());
                return;
            } catch (KubernetesClientException e) {
                if (!STALE.contains(e.getCode()) || attempt >= PATCH_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("{} changed since it was cached ({}); reading it again", key.describe(), e.getCode());
                current = client.resources(resourceClass(key.kind())).inNamespace(key.config().namespace())
                        .withName(key.config().name()).get();
                if (current == null) {
                    return;
                }
            }
        }
    }

    /** A patch of the status subresource. */
    record StatusPatch(PatchType type, String body) {
    }

    /**
     * The patch that sets this condition True on {@code object}, keeping the other conditions; empty when it
     * already is as wanted. When the object has conditions, a JSON patch that first tests the whole list is
     * what the object was cached with, so a stale cache never overwrites a newer list (the API server answers
     * 422 and the worker reads again); otherwise a merge patch guarded by {@code resourceVersion}.
     */
    Optional<StatusPatch> conditionPatch(String type, HasMetadata object) {
        BootConfigStatus status = object instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof BootConfigStatus s
                ? s : new BootConfigStatus();
        boolean ipxe = type.equals(IPXE_SCRIPT_FETCHED);
        String reason = ipxe ? IPXE_SCRIPT_DELIVERED : IGNITION_DATA_DELIVERED;
        String message = ipxe ? "IPXE script has been successfully delivered to the client."
                : "Ignition data has been successfully delivered to the client.";
        Long generation = object.getMetadata().getGeneration();
        List<Condition> conditions = new ArrayList<>();
        boolean found = false;
        for (Condition c : status.getConditions()) {
            if (!type.equals(c.getType())) {
                conditions.add(c);
                continue;
            }
            found = true;
            if ("True".equals(c.getStatus()) && reason.equals(c.getReason()) && message.equals(c.getMessage())
                    && Objects.equals(generation, c.getObservedGeneration())) {
                return Optional.empty();
            }
            String since = "True".equals(c.getStatus()) && c.getLastTransitionTime() != null ? c.getLastTransitionTime()
                    : now();
            conditions.add(condition(type, reason, message, generation, since));
        }
        if (!found) {
            conditions.add(condition(type, reason, message, generation, now()));
        }
        var json = client.getKubernetesSerialization();
        if (!status.getConditions().isEmpty()) {
            return Optional.of(new StatusPatch(PatchType.JSON, json.asJson(List.of(
                    Map.of("op", "test", "path", "/status/conditions", "value", status.getConditions()),
                    Map.of("op", "replace", "path", "/status/conditions", "value", conditions)))));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (object.getMetadata().getResourceVersion() != null) {
            metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
        }
        return Optional.of(new StatusPatch(PatchType.JSON_MERGE, json.asJson(
                Map.of("metadata", metadata, "status", Map.of("conditions", conditions)))));
    }

    private static Condition condition(String type, String reason, String message, Long generation, String since) {
        return new ConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Event messages are bounded by the API server (1 KiB is kubectl's practice); a long warning list is cut. */
    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }

    private void createEvent(String namespace, io.fabric8.kubernetes.api.model.ObjectReference involved, String type,
            String reason, String message, int count, Instant now) {
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(involved.getName() + "." + Long.toHexString(clock.instant().toEpochMilli() * 1_000_000L
                        + Math.floorMod(System.nanoTime(), 1_000_000L)))
                .endMetadata()
                .withInvolvedObject(involved)
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withCount(count)
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        client.v1().events().inNamespace(namespace).resource(event).create();
    }

    private static io.fabric8.kubernetes.api.model.ObjectReference reference(HasMetadata object) {
        return new ObjectReferenceBuilder().withApiVersion(object.getApiVersion()).withKind(object.getKind())
                .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
                .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
                .build();
    }

    private static Class<? extends CustomResource<?, BootConfigStatus>> resourceClass(String kind) {
        if (HttpBootConfig.KIND.equals(kind)) {
            return HTTPBootConfig.class;
        }
        return IPXEBootConfig.class;
    }

    /** Stops the worker; queued work is dropped, a call in flight is abandoned after a short wait. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            pending.clear();
            lock.notifyAll();
        }
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record WorkKey(String kind, ObjectKey config, String condition) {
        String describe() {
            return kind + " " + config;
        }
    }

    /** {@code detail}: the Event message for a Butane warning; empty otherwise. */
    private record Delivery(WorkKey key, String machine, String client, int count, String detail) {
    }
}
