package dev.bootoperator.ignition.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ignition's own validation of a config (spec 3.0.0 to 3.7.0-experimental), as Ignition runs it at boot and as
 * butane runs it on every translation: a config with any non-warning issue is one that Ignition refuses.
 *
 * <pre>{@code
 * List<ValidationIssue> issues = IgnitionValidator.validate(json);
 * if (issues.stream().anyMatch(i -> !i.warning())) { refuse }
 * }</pre>
 */
public final class IgnitionValidator {
    private static final List<Object> VERSION_PATH = List.of("ignition", "version");

    private IgnitionValidator() {}

    /**
     * Validates a whole Ignition config. Reads {@code ignition.version} itself; a missing, unparsable or
     * unsupported version yields one error at {@code [ignition, version]} and nothing else is checked.
     */
    public static List<ValidationIssue> validate(JsonNode ignitionConfig) {
        if (ignitionConfig == null || !ignitionConfig.isObject()) {
            return List.of(ValidationIssue.error(List.of(), "config is not valid"));
        }
        JsonNode version = versionOf(ignitionConfig);
        if (version == null || !version.isTextual()) {
            return List.of(ValidationIssue.error(VERSION_PATH, "invalid config version (couldn't parse)"));
        }
        Optional<SpecVersion> spec = SpecVersion.parse(version.textValue());
        if (spec.isEmpty()) {
            return List.of(ValidationIssue.error(VERSION_PATH, "invalid config version (couldn't parse)"));
        }
        if (!spec.get().isSupported()) {
            return List.of(ValidationIssue.error(VERSION_PATH, "unsupported config version"));
        }
        return validate(ignitionConfig, spec.get());
    }

    private static List<ValidationIssue> validate(JsonNode raw, SpecVersion v) {
        Report report = new Report();
        Shape.Struct schema = ConfigSchema.forVersion(v);
        JsonNode config = Decoder.decode(raw, schema, Loc.ROOT, report);
        if (report.hasErrors()) {
            return report.issues(); // Ignition stops at a config it cannot decode
        }
        IgnitionRules.check(config.path("ignition"), v, report);
        JsonNode storage = config.path("storage");
        NodeRules.check(storage, v, report);
        DiskRules.check(storage, report);
        FilesystemRules.check(storage, v, report);
        RaidRules.check(storage, v, report);
        if (v.atLeast(SpecVersion.V3_2)) {
            LuksRules.check(storage, v, report);
        }
        SystemdRules.check(config, report);
        Duplicates.check(config, schema, Loc.ROOT, report);
        return report.issues();
    }

    /** {@code ignition.version} as Go's decoder finds it: keys matched ignoring case, the last match winning. */
    private static JsonNode versionOf(JsonNode config) {
        JsonNode version = null;
        for (JsonNode ignition : fieldsNamed(config, "ignition")) {
            for (JsonNode v : fieldsNamed(ignition, "version")) {
                version = v;
            }
        }
        return version;
    }

    private static List<JsonNode> fieldsNamed(JsonNode node, String name) {
        List<JsonNode> found = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
                found.add(e.getValue());
            }
        });
        return found;
    }
}
