package dev.bootoperator.ignition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A path into a YAML or JSON tree: keys (String) and list indices (Integer). It prints the way butane prints
 * report paths, without the leading {@code $.}: {@code storage.files.1.path}; the root prints as empty.
 * Paths share their prefixes (each one points to its parent), since translation makes one per value.
 */
final class NodePath {
    static final NodePath ROOT = new NodePath(null, null, 0);

    private final NodePath parent;
    private final Object last;
    private final int size;
    private String text;

    private NodePath(NodePath parent, Object last, int size) {
        this.parent = parent;
        this.last = last;
        this.size = size;
    }

    static NodePath of(Object... elements) {
        return ROOT.append(elements);
    }

    static NodePath of(List<?> elements) {
        return ROOT.append(elements.toArray());
    }

    NodePath key(String key) {
        return new NodePath(this, key, size + 1);
    }

    NodePath index(int index) {
        return new NodePath(this, index, size + 1);
    }

    NodePath append(Object... more) {
        NodePath path = this;
        for (Object e : more) {
            if (!(e instanceof String) && !(e instanceof Integer)) {
                throw new IllegalArgumentException("a path element is a String or an Integer, not " + e);
            }
            path = new NodePath(path, e, path.size + 1);
        }
        return path;
    }

    List<Object> elements() {
        List<Object> out = new ArrayList<>(size);
        for (NodePath p = this; p.size > 0; p = p.parent) {
            out.add(p.last);
        }
        Collections.reverse(out);
        return out;
    }

    int size() {
        return size;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodePath that && size == that.size && elements().equals(that.elements());
    }

    @Override
    public int hashCode() {
        return elements().hashCode();
    }

    @Override
    public String toString() {
        if (text == null) {
            text = size == 0 ? "" : parent.size == 0 ? String.valueOf(last) : parent + "." + last;
        }
        return text;
    }
}
