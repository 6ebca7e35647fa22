package dev.bootoperator.operator;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of spec and status classes: keeps fields this version does not know (written by a newer
 * upstream operator) so that a read-modify-write does not drop them.
 */
public abstract class UnknownFields {
    @JsonIgnore
    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    /** Fields not mapped to a Java property, in document order. */
    @JsonAnyGetter
    @JsonIgnore // keeps the CRD generator from listing it as a property; serialization still uses it
    public Map<String, Object> getAdditionalProperties() {
        return additionalProperties;
    }

    /** Records a field not mapped to a Java property. */
    @JsonAnySetter
    public void setAdditionalProperty(String name, Object value) {
        additionalProperties.put(name, value);
    }
}
