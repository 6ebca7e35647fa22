package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;

/** A Butane field this translator refuses, such as sugar that needs a {@code --files-dir}. */
record Rejected(String reason) implements Schema {
    @Override
    public JsonNode translate(JsonNode value, FieldPath path, FcosVersion version) {
        throw path.error(reason);
    }
}
