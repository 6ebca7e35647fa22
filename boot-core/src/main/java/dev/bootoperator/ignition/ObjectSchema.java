package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Butane mapping with a closed set of keys. Unknown keys, keys the target Ignition spec lacks, and refused
 * keys are errors naming the key; Ignition output follows the declaration order.
 */
record ObjectSchema(Map<String, Field> fields) implements Schema {

    static ObjectSchema of(Field... fields) {
        Map<String, Field> byKey = new LinkedHashMap<>();
        for (Field f : fields) {
            if (byKey.put(f.butaneKey(), f) != null) {
                throw new IllegalArgumentException("duplicate Butane key " + f.butaneKey());
            }
        }
        return new ObjectSchema(Collections.unmodifiableMap(byKey));
    }

    @Override
    public ObjectNode translate(JsonNode value, FieldPath path, FcosVersion version) {
        if (!value.isObject()) {
            throw path.error("expected a mapping but found " + Schema.describe(value));
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name)) {
                throw path.key(name).error("unknown key; expected one of: " + String.join(", ", fields.keySet()));
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Field field : fields.values()) {
            FieldPath at = path.key(field.butaneKey());
            JsonNode v = value.get(field.butaneKey());
            if (v != null && !version.ignition().atLeast(field.since())) {
                throw at.error("not available in " + version + "; requires fcos "
                        + FcosVersion.firstWith(field.since()).spec() + " or later (Ignition "
                        + field.since().spec() + ")");
            }
            if (v != null && field.schema() instanceof Rejected rejected) {
                throw at.error(rejected.reason());
            }
            if (v == null || v.isNull()) {
                if (field.mandatory()) {
                    throw at.error("required field is missing");
                }
                continue;
            }
            out.set(field.ignitionKey(), field.schema().translate(v, at, version));
        }
        return out;
    }
}
