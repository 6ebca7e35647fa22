package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * butane's base translation ({@code base/v0_N/translate.go}) of a decoded config into Ignition: keys to
 * camelCase, {@code inline} to a {@code data:} URL with {@code compression: ""} (base ≥ 0.2, so a merged
 * parent's compression is not inherited), {@code with_mount_unit} to {@code .mount}/{@code .swap} units,
 * quadlets to files and links. Everything that reads a files-dir is an error: there is none.
 */
final class BaseTranslator {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final BaseVersion version;
    private final Report report;

    BaseTranslator(BaseVersion version, Report report) {
        this.version = version;
        this.report = report;
    }

    Translated translate(ObjectNode decoded, Shape.Struct root) {
        Provenance provenance = new Provenance();
        ObjectNode config = JSON.objectNode();
        ObjectNode ignition = JSON.objectNode();
        ignition.put("version", version.ignitionVersion());
        config.set("ignition", ignition);
        provenance.record(NodePath.of("ignition"), NodePath.of("ignition"));
        provenance.record(NodePath.of("ignition", "version"), NodePath.of("version"));
        for (Shape.Field field : root.fields().values()) {
            JsonNode value = decoded.get(field.yamlKey());
            if (field.jsonKey() == null || value == null) {
                continue;
            }
            NodePath yaml = NodePath.of(field.yamlKey());
            NodePath json = NodePath.of(field.jsonKey());
            JsonNode out = value(value, field.shape(), yaml, json, provenance);
            if (field.yamlKey().equals("ignition")) {
                ((ObjectNode) out).fields().forEachRemaining(e -> ignition.set(e.getKey(), e.getValue()));
            } else if (!isEmpty(out)) {
                config.set(field.jsonKey(), out);
                provenance.record(json, yaml);
            }
        }
        Translated result = new Translated(config, provenance);
        if (version.atLeast(BaseVersion.V0_2)) {
            result = new MountUnits(version).add(decoded, result);
            trees(decoded);
        }
        if (version.atLeast(BaseVersion.V0_8_EXP)) {
            new Quadlets(report).add(decoded, result);
        }
        return result;
    }

    static boolean isEmpty(JsonNode node) {
        return node == null || ((node.isObject() || node.isArray()) && node.isEmpty());
    }

    private JsonNode value(JsonNode value, Shape shape, NodePath yaml, NodePath json, Provenance provenance) {
        if (shape instanceof Shape.ListOf list) {
            ArrayNode out = JSON.arrayNode(value.size());
            for (int i = 0; i < value.size(); i++) {
                out.add(value(value.get(i), list.item(), yaml.index(i), json.index(i), provenance));
                provenance.record(json.index(i), yaml.index(i));
            }
            return out;
        } else if (shape instanceof Shape.Struct struct) {
            return struct((ObjectNode) value, struct, yaml, json, provenance);
        }
        return value;
    }

    private ObjectNode struct(ObjectNode value, Shape.Struct struct, NodePath yaml, NodePath json, Provenance provenance) {
        ObjectNode out = JSON.objectNode();
        for (Shape.Field field : struct.fields().values()) {
            JsonNode v = value.get(field.yamlKey());
            if (field.jsonKey() == null || v == null) {
                continue;
            }
            JsonNode translated = value(v, field.shape(), yaml.key(field.yamlKey()), json.key(field.jsonKey()), provenance);
            if (!isEmpty(translated)) {
                out.set(field.jsonKey(), translated);
                provenance.record(json.key(field.jsonKey()), yaml.key(field.yamlKey()));
            }
        }
        switch (struct.name()) {
            case "Resource", "FileContents" -> resource(value, out, yaml, json, provenance);
            case "PasswdUser" -> localList(value, "ssh_authorized_keys_local", yaml);
            case "Unit", "Dropin" -> localText(value, "contents_local", yaml);
            default -> {
            }
        }
        return out;
    }

    private void resource(ObjectNode value, ObjectNode out, NodePath yaml, NodePath json, Provenance provenance) {
        if (value.has("local")) {
            report.error(yaml.key("local"), ButaneErrors.NO_FILES_DIR);
            return;
        }
        JsonNode inline = value.get("inline");
        if (inline == null) {
            return;
        }
        if (version == BaseVersion.V0_1) {
            out.put("source", DataUrls.escaped(inline.textValue()));
            provenance.record(json.key("source"), yaml.key("inline"));
            return;
        }
        out.put("source", DataUrls.of(inline.textValue()));
        provenance.record(json.key("source"), yaml.key("inline"));
        JsonNode compression = out.get("compression");
        if (compression == null || compression.textValue().isEmpty()) {
            out.put("compression", "");
            provenance.record(json.key("compression"), yaml.key("inline"));
        }
        // Ignition's key order for a resource
        ObjectNode ordered = out.deepCopy();
        out.removeAll();
        for (String key : new String[] {"compression", "httpHeaders", "source", "verification"}) {
            if (ordered.has(key)) {
                out.set(key, ordered.get(key));
            }
        }
    }

    private void localList(ObjectNode value, String key, NodePath yaml) {
        JsonNode local = value.get(key);
        if (local != null && !local.isEmpty()) {
            report.error(yaml.key(key), ButaneErrors.NO_FILES_DIR);
        }
    }

    private void localText(ObjectNode value, String key, NodePath yaml) {
        JsonNode local = value.get(key);
        if (local != null && !local.textValue().isEmpty()) {
            report.error(yaml.key(key), ButaneErrors.NO_FILES_DIR);
        }
    }

    private void trees(ObjectNode decoded) {
        JsonNode trees = decoded.path("storage").path("trees");
        if (trees.size() > 0) {
            report.error(NodePath.of("storage", "trees", 0), ButaneErrors.NO_FILES_DIR);
        }
    }
}
