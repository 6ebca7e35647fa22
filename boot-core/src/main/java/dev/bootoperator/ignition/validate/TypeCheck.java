package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * What Go's JSON decoder and Ignition's unused-key check say about a config before any rule runs: a value of the
 * wrong JSON type is an error (Ignition refuses to parse the config), a key the spec does not know is a warning.
 * JSON {@code null} is accepted anywhere, as Go leaves the zero value.
 */
final class TypeCheck {
    private TypeCheck() {}

    static void check(JsonNode node, Shape shape, Loc loc, Report report) {
        if (node.isNull()) {
            return;
        }
        if (shape instanceof Shape.Text) {
            expect(node.isTextual(), node, "string", loc, report);
        } else if (shape instanceof Shape.Bool) {
            expect(node.isBoolean(), node, "bool", loc, report);
        } else if (shape instanceof Shape.Int) {
            expect(node.isIntegralNumber() && node.canConvertToLong(), node, "int", loc, report);
        } else if (shape instanceof Shape.Slice s) {
            if (expect(node.isArray(), node, "array", loc, report)) {
                for (int idx = 0; idx < node.size(); idx++) {
                    check(node.get(idx), s.element(), loc.at(idx), report);
                }
            }
        } else if (shape instanceof Shape.Struct s && expect(node.isObject(), node, "object", loc, report)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Shape field = s.fields().get(e.getKey());
                if (field == null) {
                    report.warn(loc.at(e.getKey()), "unused key " + e.getKey());
                } else {
                    check(e.getValue(), field, loc.at(e.getKey()), report);
                }
            }
        }
    }

    private static boolean expect(boolean ok, JsonNode node, String goType, Loc loc, Report report) {
        if (!ok) {
            report.error(loc, "cannot unmarshal " + jsonType(node) + " into a field of type " + goType);
        }
        return ok;
    }

    private static String jsonType(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number " + node.asText();
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
