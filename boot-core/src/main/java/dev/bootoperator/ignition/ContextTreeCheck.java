package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * butane's unused-key check (Ignition's {@code ValidateUnusedKeys} over vcontext's tree of the YAML as written):
 * every struct Go decoded is looked up at its path in that tree. There, an alias is a leaf, a merge key
 * ({@code <<}) is just a key and the keys it brought in are absent, and null is a leaf too. So, as butane:
 * a key the struct lacks draws {@code unused key K} (so does {@code <<}); a leaf where a struct is (an alias, or
 * null for a struct Go keeps as a zero value) draws {@code context tree does not match content tree}, and nothing
 * inside it is checked; a list item's tree node is the one at its index in the decoded list, which is shorter
 * than the YAML one when go-yaml dropped null items. Warnings come in document order.
 */
final class ContextTreeCheck {
    private final Report report;
    private final BaseVersion base;

    ContextTreeCheck(Report report, BaseVersion base) {
        this.report = report;
        this.base = base;
    }

    /** Checks the document {@code root} as decoded into {@code decoded} (null when the document is null). */
    void check(YamlNode root, Shape.Struct shape, JsonNode decoded) {
        if (root instanceof YamlNode.Mapping) {
            struct(root, shape, decoded, NodePath.ROOT);
        }
    }

    private void struct(YamlNode node, Shape.Struct struct, JsonNode decoded, NodePath path) {
        if (!(node instanceof YamlNode.Mapping mapping) || mapping.alias()) {
            report.warn(path, "context tree does not match content tree at $" + (path.toString().isEmpty() ? ""
                    : "." + path) + ". Line and column reporting may be inconsistent. Unused keys may not be reported");
            return;
        }
        if (mapping.mergeKey()) {
            report.warn(path.key("<<"), "unused key <<");
        }
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            String key = entry.getKey();
            if (mapping.merged().contains(key)) {
                continue;
            }
            Shape.Field field = struct.field(key);
            if (field == null) {
                report.warn(path.key(key), "unused key " + key);
                continue;
            }
            JsonNode child = decoded == null ? null : decoded.get(key);
            if (field.shape() instanceof Shape.Struct s) {
                if (child != null || !isPointer(struct, key)) { // Go visits a nil pointer's struct not at all
                    struct(entry.getValue(), s, child, path.key(key));
                }
            } else if (field.shape() instanceof Shape.ListOf list) {
                list(entry.getValue(), list, child, path.key(key));
            }
        }
    }

    private void list(YamlNode node, Shape.ListOf list, JsonNode decoded, NodePath path) {
        if (!(node instanceof YamlNode.Sequence sequence) || sequence.alias() || decoded == null) {
            return; // a leaf: no item of it is found
        }
        int items = Math.min(decoded.size(), sequence.items().size());
        for (int i = 0; i < items; i++) {
            if (list.item() instanceof Shape.Struct s) {
                struct(sequence.items().get(i), s, decoded.get(i), path.index(i));
            } else if (list.item() instanceof Shape.ListOf inner) {
                list(sequence.items().get(i), inner, decoded.get(i), path.index(i));
            }
        }
    }

    /** The only struct fields butane declares as pointers (base v0_3): null leaves them nil and unvisited. */
    private boolean isPointer(Shape.Struct struct, String key) {
        return base == BaseVersion.V0_3 && (struct.name().equals("Luks") && key.equals("clevis")
                || struct.name().equals("Clevis") && key.equals("custom"));
    }
}
