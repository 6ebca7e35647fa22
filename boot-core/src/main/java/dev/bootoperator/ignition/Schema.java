package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The shape of one Butane value and how it becomes its Ignition counterpart. */
sealed interface Schema permits ObjectSchema, ListSchema, ScalarSchema, ResourceSchema, Rejected {

    /** Translates a present, possibly null, Butane value found at {@code path}. */
    JsonNode translate(JsonNode value, FieldPath path, FcosVersion version);

    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        } else if (value.isArray()) {
            return "a list";
        } else if (value.isTextual()) {
            return "a string";
        } else if (value.isBoolean()) {
            return "a boolean";
        } else if (value.isNumber()) {
            return "a number";
        } else if (value.isNull()) {
            return "null";
        }
        return value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
