package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Visits every struct value of a decoded Butane config with its shape and YAML path, depth first. */
final class StructWalker {
    /** One struct value found in the config. */
    record Visit(Shape.Struct shape, ObjectNode value, NodePath path) {
    }

    private StructWalker() {
    }

    static void walk(JsonNode value, Shape shape, NodePath path, Consumer<Visit> visitor) {
        if (value == null) {
            return;
        }
        if (shape instanceof Shape.Struct struct && value.isObject()) {
            visitor.accept(new Visit(struct, (ObjectNode) value, path));
            for (Shape.Field field : struct.fields().values()) {
                walk(value.get(field.yamlKey()), field.shape(), path.key(field.yamlKey()), visitor);
            }
        } else if (shape instanceof Shape.ListOf list && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                walk(value.get(i), list.item(), path.index(i), visitor);
            }
        }
    }
}
