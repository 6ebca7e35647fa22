package dev.bootoperator.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of an {@link IPXEBootConfig} or {@link HTTPBootConfig}. {@code state} is a plain
 * string, as upstream, so that a value from a newer operator still reads; see {@link #READY}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BootConfigStatus extends UnknownFields {
    /** The boot configuration is ready to be served. */
    public static final String READY = "Ready";
    /** The boot configuration is being prepared. */
    public static final String PENDING = "Pending";
    /** The boot configuration cannot be served. */
    public static final String ERROR = "Error";

    private String state;
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions = new ArrayList<>();

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }
}
