package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.regex.Pattern;

/** A leaf value, type-checked and copied as is. */
enum ScalarSchema implements Schema {
    STRING {
        @Override
        public JsonNode translate(JsonNode value, FieldPath path, FcosVersion version) {
            if (!value.isTextual()) {
                throw path.error("expected a string but found " + Schema.describe(value) + "; quote the value");
            }
            return value;
        }
    },
    /** An integer; YAML octal such as {@code 0644} or {@code 0o644} becomes its decimal value (420). */
    INTEGER {
        @Override
        public JsonNode translate(JsonNode value, FieldPath path, FcosVersion version) {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return integer(value.longValue());
            }
            if (value.isTextual() && OCTAL.matcher(value.textValue()).matches()) {
                try {
                    return integer(Long.parseLong(value.textValue().substring(2), 8));
                } catch (NumberFormatException e) {
                    throw path.error("octal value " + value.textValue() + " is out of range");
                }
            }
            throw path.error("expected an integer but found " + Schema.describe(value));
        }
    },
    BOOLEAN {
        @Override
        public JsonNode translate(JsonNode value, FieldPath path, FcosVersion version) {
            if (!value.isBoolean()) {
                throw path.error("expected a boolean (true or false) but found " + Schema.describe(value));
            }
            return value;
        }
    };

    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");

    private static JsonNode integer(long value) {
        return value == (int) value ? JsonNodeFactory.instance.numberNode((int) value)
                : JsonNodeFactory.instance.numberNode(value);
    }
}
