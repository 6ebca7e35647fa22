package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Ignition's duplicate check, which butane runs on every result: two entries with one key in a list (or in
 * lists sharing a namespace, such as a file and a directory at one path) are an error at the second entry.
 */
final class DuplicateCheck {
    private DuplicateCheck() {
    }

    static void check(Translated translated, Report report) {
        walk(translated.config(), "", NodePath.ROOT, translated.provenance(), report);
    }

    private static void walk(JsonNode node, String owner, NodePath path, Provenance provenance, Report report) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), owner, path.index(i), provenance, report);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Map<String, Set<String>> seen = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isArray() && !IgnitionLists.allowsDuplicates(owner, name)) {
                Set<String> keys = seen.computeIfAbsent(IgnitionLists.handle(owner, name), h -> new HashSet<>());
                for (int i = 0; i < value.size(); i++) {
                    if (!keys.add(IgnitionLists.key(name, value.get(i)))) {
                        report.error(provenance.yamlPathOf(path.append(name, i)), ButaneErrors.DUPLICATE);
                    }
                }
            }
            walk(value, name, path.key(name), provenance, report);
        }
    }
}
