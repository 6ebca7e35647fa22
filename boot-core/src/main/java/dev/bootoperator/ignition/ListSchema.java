package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** A YAML sequence whose items all share one schema. */
record ListSchema(Schema item) implements Schema {
    @Override
    public JsonNode translate(JsonNode value, FieldPath path, FcosVersion version) {
        if (!value.isArray()) {
            throw path.error("expected a list but found " + Schema.describe(value));
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(item.translate(value.get(i), path.index(i), version));
        }
        return out;
    }
}
