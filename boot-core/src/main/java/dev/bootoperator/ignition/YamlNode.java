package dev.bootoperator.ignition;

import java.util.List;
import java.util.Map;

/** A parsed YAML node, before any type is applied: Butane decides per field how a scalar is read. */
sealed interface YamlNode {
    /** The 1-based line the node starts on. */
    int line();

    /**
     * Whether this occurrence is an alias ({@code *name}) of an anchored node: butane's context tree (vcontext)
     * has only a leaf there, so it cannot look inside.
     */
    boolean alias();

    /** A scalar as written; {@code plain} is false for quoted and block scalars, which are always text. */
    record Scalar(String value, boolean plain, int line, boolean alias) implements YamlNode {
        /** A plain scalar YAML reads as null: empty, {@code ~} or {@code null}. */
        boolean isNull() {
            return plain && (value.isEmpty() || value.equals("~") || value.equals("null") || value.equals("Null")
                    || value.equals("NULL"));
        }
    }

    record Sequence(List<YamlNode> items, int line, boolean alias) implements YamlNode {
    }

    /**
     * A mapping with its keys in document order, merge keys ({@code <<}) already applied: {@code merged} are the
     * keys that came from a merge, {@code mergeKey} tells whether the mapping had a {@code <<} key at all (butane's
     * context tree knows only the keys as written).
     */
    record Mapping(Map<String, YamlNode> entries, int line, boolean alias, java.util.Set<String> merged,
            boolean mergeKey) implements YamlNode {
    }

    /** go-yaml's name for the node's kind, used in its type errors ({@code !!seq}, {@code !!map}, ...). */
    default String yamlTag() {
        if (this instanceof Sequence) {
            return "!!seq";
        } else if (this instanceof Mapping) {
            return "!!map";
        }
        Scalar s = (Scalar) this;
        if (!s.plain()) {
            return "!!str";
        }
        Object resolved = GoYamlScalars.resolve(s.value());
        if (resolved == null) {
            return "!!null";
        } else if (resolved instanceof Boolean) {
            return "!!bool";
        } else if (resolved instanceof Double) {
            return "!!float";
        } else if (resolved instanceof Number) {
            return "!!int";
        } else if (resolved == GoYamlScalars.TIMESTAMP) {
            return "!!timestamp";
        }
        return "!!str";
    }
}
