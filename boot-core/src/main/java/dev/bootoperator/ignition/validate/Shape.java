package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The JSON shape of one field of Ignition's Go config structs, as Go's decoder enforces it. */
sealed interface Shape {
    /** Go {@code string} / {@code *string}. */
    record Text() implements Shape {}

    /** Go {@code int} / {@code *int}: an integral JSON number. */
    record Int() implements Shape {}

    /** Go {@code *bool}. */
    record Bool() implements Shape {}

    /**
     * A Go struct.
     *
     * @param fields the JSON keys it knows, in Go's field order (duplicate checks run in that order)
     * @param dupExempt slice fields Ignition does not check for duplicate keys ({@code IgnoreDuplicates})
     * @param dupGroups slice fields whose keys share one duplicate namespace ({@code MergedKeys}), by group name
     */
    record Struct(Map<String, Shape> fields, Set<String> dupExempt, Map<String, String> dupGroups) implements Shape {}

    /**
     * A Go slice.
     *
     * @param key the element's duplicate key (Go's {@code Key()}, or the string itself for string slices)
     */
    record Slice(Shape element, Function<JsonNode, String> key) implements Shape {}

    static Shape text() {
        return new Text();
    }

    static Shape integer() {
        return new Int();
    }

    static Shape bool() {
        return new Bool();
    }

    /** A slice of strings, each its own duplicate key. */
    static Shape texts() {
        return new Slice(text(), n -> n.isTextual() ? n.textValue() : "");
    }

    /** A slice of structs whose duplicate key is the named string field. */
    static Shape structs(Shape element, String keyField) {
        return new Slice(element, n -> Json.string(n, keyField));
    }
}
