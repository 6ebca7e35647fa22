package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for {@code systemd.units} and their dropins, the same in every spec version: unit names need a unit type
 * suffix, dropin names {@code .conf}, contents must parse as a unit file ({@link UnitFile}), and enabling a unit
 * (or an instance of a template) whose contents have no {@code [Install]} options is warned about. Also the rule
 * that no storage node may be written where a unit or dropin with contents goes.
 */
final class SystemdRules {
    static final String INVALID_UNIT_EXT = "invalid systemd unit extension";
    static final String INVALID_DROPIN_EXT = "invalid systemd drop-in extension";
    static final String PATH_CONFLICTS_SYSTEMD = "path conflicts with systemd unit or dropin";

    private static final Set<String> UNIT_TYPES = Set.of(".service", ".socket", ".device", ".mount", ".automount",
            ".swap", ".target", ".path", ".timer", ".snapshot", ".slice", ".scope");
    private static final Pattern INSTANCE = Pattern.compile("^(.+?)@(.+?)\\.service$");
    private static final String SYSTEMD_DIR = "/etc/systemd/system/";

    private SystemdRules() {}

    static void check(JsonNode config, Report r) {
        List<JsonNode> units = Json.array(config.path("systemd"), "units");
        Map<String, JsonNode> byName = new HashMap<>();
        units.forEach(u -> byName.put(Json.string(u, "name"), u));
        for (int i = 0; i < units.size(); i++) {
            JsonNode unit = units.get(i);
            Loc at = Loc.ROOT.at("systemd", "units", i);
            unit(unit, at, r);
            templateInstall(unit, byName, at, r);
            List<JsonNode> dropins = Json.array(unit, "dropins");
            for (int j = 0; j < dropins.size(); j++) {
                JsonNode dropin = dropins.get(j);
                Loc dropinAt = at.at("dropins", j);
                Json.text(dropin, "contents").map(UnitFile::parse).filter(p -> !p.ok())
                        .ifPresent(p -> r.error(dropinAt.at("contents"), "invalid unit content: " + p.error()));
                if (!GoPaths.ext(Json.string(dropin, "name")).equals(".conf")) {
                    r.error(dropinAt.at("name"), INVALID_DROPIN_EXT);
                }
            }
        }
        pathConflicts(config, units, r);
    }

    private static void unit(JsonNode unit, Loc at, Report r) {
        String name = Json.string(unit, "name");
        if (!UNIT_TYPES.contains(GoPaths.ext(name))) {
            r.error(at.at("name"), INVALID_UNIT_EXT);
        }
        Optional<UnitFile.Parsed> parsed = Json.text(unit, "contents").map(UnitFile::parse);
        if (parsed.isEmpty()) {
            return;
        }
        if (!parsed.get().ok()) {
            r.error(at.at("contents"), "invalid unit content: " + parsed.get().error());
        } else if (Json.isTrue(unit, "enabled") && Json.notEmpty(unit, "contents")
                && !parsed.get().hasSection("Install")) {
            r.warn(at.at("contents"),
                    "unit " + quote(name) + " is enabled, but has no install section so enable does nothing");
        }
    }

    /** An enabled {@code x@y.service} whose template {@code x@.service} is in the config without [Install]. */
    private static void templateInstall(JsonNode unit, Map<String, JsonNode> byName, Loc at, Report r) {
        String name = Json.string(unit, "name");
        Matcher m = INSTANCE.matcher(name);
        if (!m.matches() || !Json.isTrue(unit, "enabled")) {
            return;
        }
        String template = m.group(1) + "@.service";
        JsonNode t = byName.get(template);
        if (t == null || !Json.notEmpty(t, "contents")) {
            return;
        }
        UnitFile.Parsed parsed = UnitFile.parse(Json.string(t, "contents"));
        if (parsed.ok() && !parsed.hasSection("Install")) {
            r.warn(at.at("contents"),
                    "template unit " + quote(template) + " for " + quote(name) + " doesn't have Install section");
        }
    }

    /** Ignition writes units and dropins with contents itself; a file, directory or link there would clash. */
    private static void pathConflicts(JsonNode config, List<JsonNode> units, Report r) {
        Set<String> unitPaths = new HashSet<>();
        for (JsonNode u : units) {
            String name = Json.string(u, "name");
            if (Json.notEmpty(u, "contents")) {
                unitPaths.add(SYSTEMD_DIR + name);
            }
            for (JsonNode d : Json.array(u, "dropins")) {
                if (Json.notEmpty(d, "contents")) {
                    unitPaths.add(SYSTEMD_DIR + name + ".d/" + Json.string(d, "name"));
                }
            }
        }
        for (String kind : new String[] {"files", "directories", "links"}) {
            List<JsonNode> nodes = Json.array(config.path("storage"), kind);
            for (int i = 0; i < nodes.size(); i++) {
                if (unitPaths.contains(Json.string(nodes.get(i), "path"))) {
                    r.error(Loc.ROOT.at("storage", kind, i, "path"), PATH_CONFLICTS_SYSTEMD);
                }
            }
        }
    }

    /** Go's {@code %q} for the names that occur in practice. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
