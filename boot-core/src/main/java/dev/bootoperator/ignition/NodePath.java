package dev.bootoperator.ignition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path into a YAML or JSON tree: keys (String) and list indices (Integer). It prints the way butane prints
 * report paths, without the leading {@code $.}: {@code storage.files.1.path}; the root prints as empty.
 */
record NodePath(List<Object> elements) {
    static final NodePath ROOT = new NodePath(List.of());

    NodePath {
        elements = List.copyOf(elements);
    }

    static NodePath of(Object... elements) {
        return new NodePath(List.of(elements));
    }

    NodePath key(String key) {
        return append(key);
    }

    NodePath index(int index) {
        return append(index);
    }

    NodePath append(Object... more) {
        List<Object> next = new ArrayList<>(elements.size() + more.length);
        next.addAll(elements);
        Collections.addAll(next, more);
        return new NodePath(next);
    }

    boolean startsWith(NodePath prefix) {
        return elements.size() >= prefix.elements.size()
                && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
    }

    /** This path with {@code prefix} replaced by {@code replacement}; the path must start with {@code prefix}. */
    NodePath rebase(NodePath prefix, NodePath replacement) {
        List<Object> next = new ArrayList<>(replacement.elements);
        next.addAll(elements.subList(prefix.elements.size(), elements.size()));
        return new NodePath(next);
    }

    int size() {
        return elements.size();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Object e : elements) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(e);
        }
        return out.toString();
    }
}
