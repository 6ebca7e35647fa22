package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Ignition's config merge, which butane uses to put what a sugar generates (parent) under the user's config
 * (child): the child's values win, list entries with the same key merge in place, new child entries follow
 * the parent's, and a child node at a path in another list (a directory where the parent has a file)
 * replaces the parent's. Provenance follows each value, preferring the child's.
 */
final class ConfigMerger {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Translated parent;
    private final Translated child;
    private final Provenance result = new Provenance();

    private ConfigMerger(Translated parent, Translated child) {
        this.parent = parent;
        this.child = child;
    }

    static Translated merge(Translated parent, Translated child) {
        ConfigMerger merger = new ConfigMerger(parent, child);
        ObjectNode merged = merger.object(parent.config(), NodePath.ROOT, child.config(), NodePath.ROOT, NodePath.ROOT, "");
        return new Translated(merged, merger.result);
    }

    private ObjectNode object(ObjectNode p, NodePath pPath, ObjectNode c, NodePath cPath, NodePath rPath, String owner) {
        ObjectNode out = JSON.objectNode();
        Set<String> keys = new LinkedHashSet<>();
        p.fieldNames().forEachRemaining(keys::add);
        c.fieldNames().forEachRemaining(keys::add);
        Map<String, Map<String, Entry>> childKeys = childKeys(c, owner);
        for (String key : keys) {
            JsonNode pv = p.get(key);
            JsonNode cv = c.get(key);
            NodePath rp = rPath.key(key);
            if (cv == null) {
                out.set(key, pv);
                result.copySubtree(parent.provenance(), pPath.key(key), rp);
            } else if (pv == null) {
                out.set(key, cv);
                result.copySubtree(child.provenance(), cPath.key(key), rp);
            } else if (pv.isObject() && cv.isObject()) {
                out.set(key, object((ObjectNode) pv, pPath.key(key), (ObjectNode) cv, cPath.key(key), rp, key));
                result.copyOne(parent.provenance(), pPath.key(key), rp);
                result.copyOne(child.provenance(), cPath.key(key), rp);
            } else if (pv.isArray() && cv.isArray()) {
                JsonNode list = list(owner, key, (ArrayNode) pv, pPath.key(key), (ArrayNode) cv, cPath.key(key), rp,
                        childKeys);
                if (!list.isEmpty()) {
                    out.set(key, list);
                }
            } else {
                out.set(key, cv);
                result.copySubtree(child.provenance(), cPath.key(key), rp);
            }
        }
        return out;
    }

    private record Entry(String list, int index, JsonNode item) {
    }

    /** The child's list entries by namespace and key, as Ignition's merge looks them up. */
    private static Map<String, Map<String, Entry>> childKeys(ObjectNode c, String owner) {
        Map<String, Map<String, Entry>> byHandle = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isArray() || IgnitionLists.allowsDuplicates(owner, field.getKey())) {
                continue;
            }
            Map<String, Entry> keys = byHandle.computeIfAbsent(IgnitionLists.handle(owner, field.getKey()), h -> new HashMap<>());
            JsonNode list = field.getValue();
            for (int i = 0; i < list.size(); i++) {
                keys.put(IgnitionLists.key(field.getKey(), list.get(i)), new Entry(field.getKey(), i, list.get(i)));
            }
        }
        return byHandle;
    }

    private JsonNode list(String owner, String name, ArrayNode p, NodePath pPath, ArrayNode c, NodePath cPath,
            NodePath rPath, Map<String, Map<String, Entry>> childKeys) {
        ArrayNode out = JSON.arrayNode();
        boolean fromParent = false;
        boolean fromChild = false;
        if (IgnitionLists.allowsDuplicates(owner, name)) {
            for (int i = 0; i < p.size(); i++) {
                result.copySubtree(parent.provenance(), pPath.index(i), rPath.index(out.size()));
                out.add(p.get(i));
            }
            for (int i = 0; i < c.size(); i++) {
                result.copySubtree(child.provenance(), cPath.index(i), rPath.index(out.size()));
                out.add(c.get(i));
            }
            fromParent = p.size() > 0;
            fromChild = c.size() > 0;
        } else {
            Map<String, Entry> keys = childKeys.getOrDefault(IgnitionLists.handle(owner, name), Map.of());
            Set<String> parentKeys = new HashSet<>();
            for (int i = 0; i < p.size(); i++) {
                JsonNode item = p.get(i);
                String key = IgnitionLists.key(name, item);
                parentKeys.add(key);
                Entry match = keys.get(key);
                NodePath rp = rPath.index(out.size());
                if (match == null) {
                    out.add(item);
                    result.copySubtree(parent.provenance(), pPath.index(i), rp);
                    fromParent = true;
                } else if (match.list().equals(name)) {
                    fromParent = true;
                    fromChild = true;
                    NodePath cp = cPath.index(match.index());
                    if (item.isObject() && match.item().isObject()) {
                        if (name.equals("httpHeaders") && !match.item().has("value")) {
                            continue; // a header without value removes the parent's
                        }
                        out.add(object((ObjectNode) item, pPath.index(i), (ObjectNode) match.item(), cp, rp, name));
                        result.copyOne(parent.provenance(), pPath.index(i), rp);
                        result.copyOne(child.provenance(), cp, rp);
                    } else {
                        out.add(match.item());
                        result.copySubtree(child.provenance(), cp, rp);
                    }
                }
                // else: the child has this key in another list; that list's entry replaces this one
            }
            for (int i = 0; i < c.size(); i++) {
                if (!parentKeys.contains(IgnitionLists.key(name, c.get(i)))) {
                    result.copySubtree(child.provenance(), cPath.index(i), rPath.index(out.size()));
                    out.add(c.get(i));
                    fromChild = true;
                }
            }
        }
        if (fromParent) {
            result.copyOne(parent.provenance(), pPath, rPath);
        }
        if (fromChild) {
            result.copyOne(child.provenance(), cPath, rPath);
        }
        return out;
    }
}
