package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Go's JSON decoder and Ignition's unused-key check make of a config before any rule runs. A value of the
 * wrong JSON type is an error (Ignition refuses to parse the config); JSON {@code null} is accepted anywhere, as
 * Go leaves the zero value. A key the spec does not know is a warning. Like Go, a key that matches a field only
 * when case is ignored ({@code "Path"}) still sets that field, and is warned about as unused all the same; the
 * returned tree therefore holds every known field under its exact name, so the rules see what Ignition sees.
 */
final class Decoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Decoder() {}

    /** The config as Ignition's structs hold it: known fields only, under their exact names. */
    static JsonNode decode(JsonNode node, Shape shape, Loc loc, Report report) {
        if (node.isNull()) {
            return node;
        }
        if (shape instanceof Shape.Text) {
            expect(node.isTextual(), node, "string", loc, report);
        } else if (shape instanceof Shape.Bool) {
            expect(node.isBoolean(), node, "bool", loc, report);
        } else if (shape instanceof Shape.Int) {
            expect(node.isIntegralNumber() && node.canConvertToLong(), node, "int", loc, report);
        } else if (shape instanceof Shape.Slice s) {
            if (expect(node.isArray(), node, "array", loc, report)) {
                ArrayNode out = NODES.arrayNode(node.size());
                for (int idx = 0; idx < node.size(); idx++) {
                    out.add(decode(node.get(idx), s.element(), loc.at(idx), report));
                }
                return out;
            }
        } else if (shape instanceof Shape.Struct s && expect(node.isObject(), node, "object", loc, report)) {
            return struct(node, s, loc, report);
        }
        return node;
    }

    private static JsonNode struct(JsonNode node, Shape.Struct s, Loc loc, Report report) {
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!s.fields().containsKey(key)) {
                report.warn(loc.at(key), "unused key " + key);
            }
            Optional<String> field = fieldFor(key, s);
            if (field.isPresent()) {
                JsonNode value = decode(e.getValue(), s.fields().get(field.get()), loc.at(field.get()), report);
                JsonNode earlier = out.get(field.get());
                // Go decodes a second object into the struct the first one filled; anything else replaces
                out.set(field.get(), earlier != null && earlier.isObject() && value.isObject()
                        ? merge((ObjectNode) earlier, (ObjectNode) value) : value);
            }
        }
        return out;
    }

    /** Go's field lookup: the exact name, else the first field equal to the key ignoring case. */
    private static Optional<String> fieldFor(String key, Shape.Struct s) {
        if (s.fields().containsKey(key)) {
            return Optional.of(key);
        }
        String folded = key.toLowerCase(Locale.ROOT);
        return s.fields().keySet().stream().filter(f -> f.toLowerCase(Locale.ROOT).equals(folded)).findFirst();
    }

    private static ObjectNode merge(ObjectNode into, ObjectNode from) {
        ObjectNode out = into.deepCopy();
        from.fields().forEachRemaining(e -> {
            JsonNode earlier = out.get(e.getKey());
            out.set(e.getKey(), earlier != null && earlier.isObject() && e.getValue().isObject()
                    ? merge((ObjectNode) earlier, (ObjectNode) e.getValue()) : e.getValue());
        });
        return out;
    }

    private static boolean expect(boolean ok, JsonNode node, String goType, Loc loc, Report report) {
        if (!ok) {
            report.error(loc, "cannot unmarshal " + jsonType(node) + " into a field of type " + goType);
        }
        return ok;
    }

    private static String jsonType(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return "string";
            case NUMBER:
                return "number " + node.asText();
            case BOOLEAN:
                return "bool";
            case ARRAY:
                return "array";
            case OBJECT:
                return "object";
            default:
                return node.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }
}
