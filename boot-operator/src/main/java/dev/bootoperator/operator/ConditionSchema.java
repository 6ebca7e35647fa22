package dev.bootoperator.operator;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.time.OffsetDateTime;

/**
 * Schema-only mirror of {@code metav1.Condition} (required fields, limits) for the CRD generator;
 * at runtime conditions are fabric8's {@link io.fabric8.kubernetes.api.model.Condition}.
 */
public final class ConditionSchema {
    @Required public OffsetDateTime lastTransitionTime;

    @Required
    @Size(max = 32768)
    public String message;

    @Min(0)
    public Long observedGeneration;

    @Required
    @Size(min = 1, max = 1024)
    @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
    public String reason;

    @Required public ConditionStatus status;

    @Required
    @Size(max = 316)
    @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
    public String type;

    private ConditionSchema() {}

    /** Values of {@code status}. */
    public enum ConditionStatus {
        True,
        False,
        Unknown
    }
}
