package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * Reads a YAML tree into the shape of butane's Go structs, as go-yaml v3 unmarshals it: a text field takes
 * any scalar as written ({@code inline: 1} is the text {@code 1}), an integer field takes YAML integers
 * (octal {@code 0644} and {@code 0o644} too) but not quoted ones, null leaves a field unset (and drops a list
 * item), and an unknown key is dropped ({@link ContextTreeCheck} warns). A value of the wrong kind is an error
 * naming its path.
 * The result keeps Butane's snake_case keys.
 */
final class ButaneDecoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final Report report;

    ButaneDecoder(Report report) {
        this.report = report;
    }

    /** The decoded value, or {@code null} when the YAML value is null. */
    JsonNode decode(YamlNode node, Shape shape, NodePath path) {
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return null;
        }
        if (shape instanceof Shape.Scalar scalar) {
            return scalar(node, scalar, path);
        } else if (shape instanceof Shape.ListOf list) {
            return list(node, list, path);
        } else if (shape instanceof Shape.Struct struct) {
            return struct(node, struct, path);
        }
        return stringMap(node, path);
    }

    private ObjectNode struct(YamlNode node, Shape.Struct struct, NodePath path) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw typeError(node, struct.name(), path);
        }
        ObjectNode out = JSON.objectNode();
        mapping.entries().forEach((key, value) -> {
            Shape.Field field = struct.field(key);
            if (field == null) {
                return; // butane's unused-key warning comes from ContextTreeCheck, as butane's from vcontext
            }
            JsonNode decoded = decode(value, field.shape(), path.key(key));
            if (decoded != null) {
                out.set(key, decoded);
            }
        });
        return out;
    }

    private ArrayNode list(YamlNode node, Shape.ListOf list, NodePath path) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw typeError(node, "[]" + goName(list.item()), path);
        }
        ArrayNode out = JSON.arrayNode(sequence.items().size());
        for (YamlNode value : sequence.items()) {
            // go-yaml v3 drops a null item of a struct or scalar list (its unmarshal reports "not set"), so the
            // items after it move up, and butane names them by their index in the shorter list
            JsonNode item = decode(value, list.item(), path.index(out.size()));
            if (item != null) {
                out.add(item);
            } else if (list.item() instanceof Shape.ListOf || list.item() instanceof Shape.StringMap) {
                out.add(zero(list.item()));
            }
        }
        return out;
    }

    private ObjectNode stringMap(YamlNode node, NodePath path) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw typeError(node, "map[string]string", path);
        }
        ObjectNode out = JSON.objectNode();
        mapping.entries().forEach((key, value) -> {
            JsonNode decoded = decode(value, Shape.Scalar.STRING, path.key(key));
            out.put(key, decoded == null ? "" : decoded.textValue());
        });
        return out;
    }

    /** What Go leaves in a list slot that YAML sets to null. */
    private static JsonNode zero(Shape shape) {
        if (shape == Shape.Scalar.STRING) {
            return JSON.textNode("");
        } else if (shape == Shape.Scalar.INT) {
            return JSON.numberNode(0);
        } else if (shape == Shape.Scalar.BOOL) {
            return JSON.booleanNode(false);
        }
        return shape instanceof Shape.ListOf ? JSON.arrayNode() : JSON.objectNode();
    }

    private JsonNode scalar(YamlNode node, Shape.Scalar type, NodePath path) {
        if (!(node instanceof YamlNode.Scalar s)) {
            throw typeError(node, type.goType(), path);
        }
        if (type == Shape.Scalar.STRING) {
            return JSON.textNode(s.value());
        }
        Object resolved = s.plain() ? GoYamlScalars.resolve(s.value()) : s.value();
        if (type == Shape.Scalar.BOOL) {
            if (resolved instanceof Boolean b) {
                return JSON.booleanNode(b);
            }
            if (resolved instanceof String text && GoYamlScalars.LEGACY_TRUE.contains(text)) {
                return JSON.booleanNode(true);
            }
            if (resolved instanceof String text && GoYamlScalars.LEGACY_FALSE.contains(text)) {
                return JSON.booleanNode(false);
            }
            throw typeError(node, "bool", path);
        }
        if (resolved instanceof Long l) {
            return l == l.intValue() ? JSON.numberNode(l.intValue()) : JSON.numberNode(l);
        }
        if (resolved instanceof Double d && !d.isNaN() && d <= Long.MAX_VALUE && d >= Long.MIN_VALUE) {
            return JSON.numberNode((long) d.doubleValue()); // Go truncates a float stored into an int
        }
        if (resolved instanceof BigInteger big && big.compareTo(INT64_MAX) <= 0) {
            return JSON.numberNode(big.longValue());
        }
        throw typeError(node, "int", path);
    }

    private static String goName(Shape shape) {
        if (shape instanceof Shape.Scalar s) {
            return s.goType();
        } else if (shape instanceof Shape.Struct s) {
            return s.name();
        } else if (shape instanceof Shape.ListOf l) {
            return "[]" + goName(l.item());
        }
        return "map[string]string";
    }

    private static ButaneException typeError(YamlNode node, String target, NodePath path) {
        String what = node instanceof YamlNode.Scalar s ? node.yamlTag() + " `" + s.value() + "`" : node.yamlTag();
        return new ButaneException(path.toString(), "cannot unmarshal " + what + " into " + target
                + " (line " + node.line() + ")");
    }
}
