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
        JsonNode version = ignitionConfig == null ? null : ignitionConfig.path("ignition").get("version");
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
        return new ArrayList<>();
    }
}
