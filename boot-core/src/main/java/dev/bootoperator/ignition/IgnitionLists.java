package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * How Ignition identifies list entries, for merging and for its duplicate check: files, directories and
 * links share one namespace (their path), units are keyed by name, partitions by number or else label, and
 * lists of text by the text. Some lists may repeat entries (file {@code append}, mount options).
 */
final class IgnitionLists {
    private static final Map<String, String> KEY_FIELDS = Map.ofEntries(
            Map.entry("files", "path"), Map.entry("directories", "path"), Map.entry("links", "path"),
            Map.entry("disks", "device"), Map.entry("filesystems", "device"), Map.entry("raid", "name"),
            Map.entry("luks", "name"), Map.entry("units", "name"), Map.entry("dropins", "name"),
            Map.entry("users", "name"), Map.entry("groups", "name"), Map.entry("merge", "source"),
            Map.entry("certificateAuthorities", "source"), Map.entry("httpHeaders", "name"),
            Map.entry("tang", "url"));

    private IgnitionLists() {
    }

    /** Whether entries of the list {@code name} inside an object whose own key is {@code owner} may repeat. */
    static boolean allowsDuplicates(String owner, String name) {
        return name.equals("append")
                || (name.equals("options") && Set.of("filesystems", "luks", "raid").contains(owner))
                || (name.equals("mountOptions") && owner.equals("filesystems"));
    }

    /** The namespace a list's keys live in: files, directories and links share one, as do kernel arguments. */
    static String handle(String owner, String name) {
        if (owner.equals("storage") && Set.of("files", "directories", "links").contains(name)) {
            return "node";
        }
        if (owner.equals("kernelArguments")) {
            return "kernelArgument";
        }
        return name;
    }

    /** The key of one entry. */
    static String key(String name, JsonNode item) {
        if (!item.isObject()) {
            return item.asText();
        }
        if (name.equals("partitions")) {
            int number = item.path("number").asInt(0);
            if (number != 0) {
                return "number:" + number;
            }
            return item.has("label") ? "label:" + item.get("label").asText() : "";
        }
        String field = KEY_FIELDS.get(name);
        return field == null ? "" : item.path(field).asText("");
    }
}
