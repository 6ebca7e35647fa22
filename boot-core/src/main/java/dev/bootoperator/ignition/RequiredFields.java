package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Ignition's Go types write some fields even when unset (no {@code omitempty}): a node's {@code path}, a unit's
 * {@code name}, a disk's {@code device}, and in older specs a link's {@code target}, a RAID's {@code level} and
 * {@code devices}, a 3.0 merged config's {@code source} (as null). butane's output has them, so ours does:
 * an entry without them reads the same to Ignition's validation and to a byte-for-byte comparison.
 */
final class RequiredFields {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final BaseVersion base;

    private RequiredFields(BaseVersion base) {
        this.base = base;
    }

    static void fill(ObjectNode config, BaseVersion base) {
        new RequiredFields(base).object(config, "");
    }

    private void object(ObjectNode node, String owner) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isObject()) {
                        required((ObjectNode) item, owner, name);
                        object((ObjectNode) item, name);
                    }
                }
            } else if (value.isObject()) {
                required((ObjectNode) value, owner, name);
                object((ObjectNode) value, name);
            }
        }
    }

    /** Adds the unset fields Ignition's types write for an entry of list {@code name} in {@code owner}. */
    private void required(ObjectNode item, String owner, String name) {
        boolean upTo32 = !base.atLeast(BaseVersion.V0_4);
        switch (owner + "." + name) {
            case "storage.disks", "storage.filesystems" -> text(item, "device");
            case "storage.files", "storage.directories" -> text(item, "path");
            case "storage.links" -> {
                text(item, "path");
                if (upTo32) {
                    text(item, "target");
                }
            }
            case "storage.raid" -> {
                text(item, "name");
                if (upTo32) {
                    text(item, "level");
                    if (!item.has("devices")) {
                        item.putNull("devices");
                    }
                }
            }
            case "storage.luks" -> {
                if (base.atLeast(BaseVersion.V0_3)) {
                    text(item, "name");
                }
            }
            case "passwd.users", "passwd.groups", "systemd.units", "units.dropins" -> text(item, "name");
            case "config.merge", "config.replace" -> {
                if (base == BaseVersion.V0_1 && !item.has("source")) {
                    item.putNull("source");
                }
            }
            case "tls.certificateAuthorities" -> {
                if (base == BaseVersion.V0_1) {
                    text(item, "source");
                }
            }
            case "clevis.custom" -> {
                if (base == BaseVersion.V0_3) {
                    text(item, "config");
                    text(item, "pin");
                }
            }
            default -> {
                if (name.equals("httpHeaders")) {
                    text(item, "name");
                }
            }
        }
    }

    private static void text(ObjectNode item, String key) {
        if (!item.has(key)) {
            item.set(key, JSON.textNode(""));
        }
    }
}
