package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Ignition's {@code ValidateDups}: in every JSON object, each list (or group of lists that share keys, such as
 * files, directories and links by path) may hold each key once. Later entries with a key seen before are the
 * duplicates. Lists a struct exempts (file {@code append}, filesystem and raid {@code options}, ...) are skipped.
 * Applies to every spec version.
 */
final class Duplicates {
    static final String DUPLICATE = "duplicate entry defined";

    private Duplicates() {}

    static void check(JsonNode node, Shape shape, Loc loc, Report report) {
        if (shape instanceof Shape.Slice s && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), s.element(), loc.at(i), report);
            }
        } else if (shape instanceof Shape.Struct s && node.isObject()) {
            Map<String, Set<String>> seen = new HashMap<>();
            for (Map.Entry<String, Shape> field : s.fields().entrySet()) {
                JsonNode value = node.path(field.getKey());
                if (field.getValue() instanceof Shape.Slice slice && value.isArray()
                        && !s.dupExempt().contains(field.getKey())) {
                    String group = s.dupGroups().getOrDefault(field.getKey(), field.getKey());
                    Set<String> keys = seen.computeIfAbsent(group, g -> new HashSet<>());
                    for (int i = 0; i < value.size(); i++) {
                        if (!keys.add(slice.key().apply(value.get(i)))) {
                            report.error(loc.at(field.getKey(), i), DUPLICATE);
                        }
                    }
                }
                check(value, field.getValue(), loc.at(field.getKey()), report);
            }
        }
    }
}
