package dev.bootoperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The condition types and reasons the boot controllers write, and {@code apimeta.SetStatusCondition}'s rules:
 * one condition per type, and {@code lastTransitionTime} moves only when the status does.
 */
final class Conditions {
    /** On a boot config: whether the referenced Ignition secret exists and has the {@code ignition} key. */
    static final String IGNITION_SECRET = "IgnitionSecret";
    static final String REASON_VALID = "Valid";
    static final String REASON_SECRET_NOT_FOUND = "SecretNotFound";
    static final String REASON_IGNITION_KEY_MISSING = "IgnitionKeyMissing";

    /** On a ServerBootConfiguration: the image could not be resolved into boot artefacts. */
    static final String IMAGE_VALIDATION = "ImageValidation";
    static final String REASON_VALIDATION_FAILED = "ValidationFailed";
    /** On a ServerBootConfiguration: the operator runs without the URL flag its boot method needs. */
    static final String REASON_FLAG_NOT_SET = "FlagNotSet";

    static final String TRUE = "True";
    static final String FALSE = "False";

    private Conditions() {
    }

    static Condition of(String type, boolean status, String reason, String message, Long observedGeneration) {
        return new ConditionBuilder().withType(type).withStatus(status ? TRUE : FALSE).withReason(reason)
                .withMessage(message).withObservedGeneration(observedGeneration).build();
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * Adds {@code condition} or updates the one of its type. A given {@code lastTransitionTime} is kept (so a
     * copied condition keeps its time); otherwise it is now, and it changes only with the status.
     */
    static void set(List<Condition> conditions, Condition condition, Clock clock) {
        String time = condition.getLastTransitionTime() != null ? condition.getLastTransitionTime()
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        Optional<Condition> existing = find(conditions, condition.getType());
        if (existing.isEmpty()) {
            conditions.add(new ConditionBuilder(condition).withLastTransitionTime(time).build());
            return;
        }
        Condition current = existing.get();
        if (!Objects.equals(current.getStatus(), condition.getStatus())) {
            current.setStatus(condition.getStatus());
            current.setLastTransitionTime(time);
        }
        current.setReason(condition.getReason());
        current.setMessage(condition.getMessage());
        current.setObservedGeneration(condition.getObservedGeneration());
    }

    /** Removes the condition of {@code type}; whether there was one. */
    static boolean remove(List<Condition> conditions, String type) {
        return conditions.removeIf(c -> type.equals(c.getType()));
    }
}
