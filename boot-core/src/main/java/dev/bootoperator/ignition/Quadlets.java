package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * butane's experimental {@code systemd.quadlets} (base 0.8): each quadlet becomes a file under
 * {@code /etc/containers/systemd} ({@code rootful}) or {@code /etc/containers/systemd/users}, mode 0644, and
 * a template instance ({@code web@8080.container}) a symlink to its template; dropins become files in
 * {@code <name>.d/}. A path that already exists is an error.
 */
final class Quadlets {
    private final Report report;

    Quadlets(Report report) {
        this.report = report;
    }

    void add(ObjectNode decoded, Translated translated) {
        JsonNode quadlets = decoded.path("systemd").path("quadlets");
        if (quadlets.isEmpty()) {
            return;
        }
        ObjectNode storage = translated.config().has("storage") ? (ObjectNode) translated.config().get("storage")
                : translated.config().putObject("storage");
        Set<String> existing = new HashSet<>();
        for (String list : new String[] {"files", "directories", "links"}) {
            storage.path(list).forEach(node -> existing.add(node.path("path").asText("")));
        }
        NodePath base = NodePath.of("systemd", "quadlets");
        translated.provenance().record(NodePath.of("storage"), base);
        for (int q = 0; q < quadlets.size(); q++) {
            JsonNode quadlet = quadlets.get(q);
            NodePath at = base.index(q);
            String name = quadlet.path("name").asText("");
            String dir = quadlet.path("rootful").asBoolean(false) ? "/etc/containers/systemd" : "/etc/containers/systemd/users";
            String path = dir + "/" + name;
            String template = templateOf(name);
            if (template != null) {
                if (!existing.add(path)) {
                    report.error(at, ButaneErrors.NODE_EXISTS);
                } else {
                    ObjectNode link = array(storage, "links").addObject();
                    link.put("path", path);
                    link.put("target", template);
                    NodePath json = NodePath.of("storage", "links", storage.get("links").size() - 1);
                    translated.provenance().recordAll(json, link, at);
                    translated.provenance().record(json.key("path"), at.key("name"));
                }
            } else {
                file(storage, existing, path, quadlet, at, translated.provenance());
            }
            JsonNode dropins = quadlet.path("dropins");
            for (int d = 0; d < dropins.size(); d++) {
                JsonNode dropin = dropins.get(d);
                file(storage, existing, path + ".d/" + dropin.path("name").asText(""), dropin,
                        at.key("dropins").index(d), translated.provenance());
            }
        }
    }

    private void file(ObjectNode storage, Set<String> existing, String path, JsonNode source, NodePath at,
            Provenance provenance) {
        if (!existing.add(path)) {
            report.error(at, ButaneErrors.NODE_EXISTS);
            return;
        }
        if (!source.path("contents_local").asText("").isEmpty()) {
            report.error(at.key("contents_local"), ButaneErrors.NO_FILES_DIR);
            return;
        }
        ObjectNode file = array(storage, "files").addObject();
        file.put("path", path);
        ObjectNode contents = file.putObject("contents");
        contents.put("compression", "");
        contents.put("source", DataUrls.of(source.path("contents").asText("")));
        file.put("mode", 0644);
        NodePath json = NodePath.of("storage", "files", storage.get("files").size() - 1);
        provenance.recordAll(json, file, at);
        provenance.record(json.key("path"), at.key("name"));
        if (source.has("contents")) {
            provenance.record(json.key("contents"), at.key("contents"));
            provenance.record(json.key("contents").key("source"), at.key("contents"));
        }
    }

    private static ArrayNode array(ObjectNode storage, String name) {
        return storage.has(name) ? (ArrayNode) storage.get(name) : storage.putArray(name);
    }

    /** {@code foo@100.container} → {@code foo@.container}; null when {@code name} is not a template instance. */
    static String templateOf(String name) {
        int at = name.indexOf('@');
        int dot = name.lastIndexOf('.');
        if (at < 0 || dot < 0 || at + 1 == dot) {
            return null;
        }
        return name.substring(0, at) + "@." + name.substring(dot + 1);
    }
}
