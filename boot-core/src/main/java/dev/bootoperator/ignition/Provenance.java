package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Where each part of the generated Ignition config came from: Ignition JSON path → Butane YAML path, like
 * butane's translation set. Errors found in the Ignition config are reported at the YAML path; for entries a
 * sugar generated, that is the sugar's path ({@code boot_device.mirror}).
 */
final class Provenance {
    private final NavigableMap<String, NodePath> sources = new TreeMap<>();

    void record(NodePath json, NodePath yaml) {
        sources.put(json.toString(), yaml);
    }

    /** Maps {@code json} and everything below it in {@code value} to {@code yaml}, as butane's AddFromCommonSource. */
    void recordAll(NodePath json, JsonNode value, NodePath yaml) {
        record(json, yaml);
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                recordAll(json.key(e.getKey()), e.getValue(), yaml);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                recordAll(json.index(i), value.get(i), yaml);
            }
        }
    }

    /** Copies {@code from}'s entries at and below {@code fromPath} to {@code toPath}, replacing what is there. */
    void copySubtree(Provenance from, NodePath fromPath, NodePath toPath) {
        String prefix = fromPath.toString();
        String target = toPath.toString();
        NodePath exact = from.sources.get(prefix);
        if (exact != null) {
            sources.put(target, exact);
        }
        String below = prefix.isEmpty() ? "" : prefix + ".";
        NavigableMap<String, NodePath> range = prefix.isEmpty() ? from.sources
                : from.sources.subMap(below, true, prefix + "/", false);
        String targetBelow = target.isEmpty() ? "" : target + ".";
        range.forEach((k, v) -> {
            if (!k.equals(prefix)) {
                sources.put(targetBelow + k.substring(below.length()), v);
            }
        });
    }

    /**
     * Moves the entries at and below {@code fromPath} to {@code toPath}, as butane's {@code TranslationSet.Map}
     * does when a translation step relocates a value; what was at {@code toPath} is replaced.
     */
    void move(NodePath fromPath, NodePath toPath) {
        Provenance moved = new Provenance();
        moved.copySubtree(this, fromPath, toPath);
        String prefix = fromPath.toString();
        sources.remove(prefix);
        sources.subMap(prefix + ".", true, prefix + "/", false).clear();
        String target = toPath.toString();
        sources.remove(target);
        sources.subMap(target + ".", true, target + "/", false).clear();
        sources.putAll(moved.sources);
    }

    /** Copies only the entry for {@code fromPath} itself. */
    void copyOne(Provenance from, NodePath fromPath, NodePath toPath) {
        NodePath yaml = from.sources.get(fromPath.toString());
        if (yaml != null) {
            sources.put(toPath.toString(), yaml);
        }
    }

    /**
     * The YAML path of a JSON path; without a recorded source, butane's fallback: the same path with
     * camelCase keys in snake_case.
     */
    NodePath yamlPathOf(NodePath json) {
        NodePath yaml = sources.get(json.toString());
        if (yaml != null) {
            return yaml;
        }
        Object[] snake = json.elements().stream().map(e -> e instanceof String s ? Shape.snake(s) : e).toArray();
        return NodePath.of(snake);
    }
}
