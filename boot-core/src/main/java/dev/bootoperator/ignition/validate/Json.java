package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads fields the way Go's decoder fills Ignition's structs: a missing key and JSON {@code null} both leave the
 * zero value (nil pointer, empty string, 0, empty slice). Types have been checked by {@link ConfigSchema} before
 * any rule runs, so a wrong type is read as absent rather than thrown.
 */
final class Json {
    private Json() {}

    /** A {@code *string}: empty when absent or null. */
    static Optional<String> text(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isTextual() ? Optional.of(n.textValue()) : Optional.empty();
    }

    /** A plain {@code string}: {@code ""} when absent or null. */
    static String string(JsonNode parent, String field) {
        return text(parent, field).orElse("");
    }

    /** Ignition's {@code util.NotEmpty}. */
    static boolean notEmpty(JsonNode parent, String field) {
        return !string(parent, field).isEmpty();
    }

    static boolean present(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return !n.isMissingNode() && !n.isNull();
    }

    /** A {@code *int}: empty when absent or null. */
    static Optional<Long> integer(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isIntegralNumber() && n.canConvertToLong() ? Optional.of(n.longValue()) : Optional.empty();
    }

    static boolean isTrue(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isBoolean() && n.booleanValue();
    }

    static boolean isFalse(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isBoolean() && !n.booleanValue();
    }

    /** A slice: its elements (JSON nulls included, as Go keeps them as zero values), or none. */
    static List<JsonNode> array(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    /** Go's {@code len} of a string: its UTF-8 byte count. */
    static int goLen(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
