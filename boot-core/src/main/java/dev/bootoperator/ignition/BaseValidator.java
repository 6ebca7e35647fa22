package dev.bootoperator.ignition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bootoperator.ignition.validate.IgnitionValidator;
import dev.bootoperator.ignition.validate.ValidationIssue;
import java.util.regex.Pattern;

/**
 * butane's checks on the Butane config itself ({@code base/v0_N/validate.go}): one source per resource, an
 * inline merged config that Ignition accepts, {@code with_mount_unit} needing a format and path, modes that
 * look decimal (a warning), one of {@code contents}/{@code contents_local}, trees with {@code local}, and
 * quadlet names.
 */
final class BaseValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEMVER = Pattern.compile("^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");
    private static final String[] QUADLET_EXTENSIONS = {".container", ".volume", ".network", ".kube", ".image",
            ".build", ".pod", ".artifact"};

    private final BaseVersion version;
    private final Report report;

    BaseValidator(BaseVersion version, Report report) {
        this.version = version;
        this.report = report;
    }

    void validate(StructWalker.Visit visit) {
        ObjectNode v = visit.value();
        NodePath c = visit.path();
        switch (visit.shape().name()) {
            case "Resource" -> resource(v, c);
            case "FileContents" -> {
                if (v.has("inline") && v.has("source")) {
                    report.error(c.key("inline"), ButaneErrors.TOO_MANY_RESOURCE_SOURCES);
                }
            }
            case "Filesystem" -> filesystem(v, c);
            case "File" -> mode(v, c, false);
            case "Directory" -> mode(v, c, true);
            case "Tree" -> {
                if (v.path("local").asText("").isEmpty()) {
                    report.error(c, ButaneErrors.TREE_NO_LOCAL);
                }
            }
            case "Unit", "Dropin" -> {
                if (version.atLeast(BaseVersion.V0_5) && v.has("contents") && v.has("contents_local")) {
                    report.error(c.key("contents_local"), ButaneErrors.TOO_MANY_SYSTEMD_SOURCES);
                }
            }
            case "Quadlet" -> quadlet(v, c);
            default -> {
            }
        }
    }

    private void resource(ObjectNode v, NodePath c) {
        int sources = 0;
        String field = null;
        for (String key : new String[] {"local", "inline", "source"}) {
            if (v.has(key)) {
                sources++;
                field = key;
            }
        }
        if (sources > 1) {
            report.error(c.key(field), ButaneErrors.TOO_MANY_RESOURCE_SOURCES);
            return;
        }
        if ("inline".equals(field) && c.toString().startsWith("ignition.config")) {
            inlineConfig(c, v.get("inline").textValue());
        }
    }

    /** butane validates an inline merged or replacing config as Ignition would, if it has this spec version. */
    private void inlineConfig(NodePath c, String raw) {
        if (raw.isEmpty()) {
            report.error(c.key("inline"), "not a config (empty)");
            return;
        }
        JsonNode config;
        try {
            config = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            report.error(c.key("inline"), "config is not valid: " + e.getOriginalMessage());
            return;
        }
        if (config == null || !config.isObject()) {
            report.error(c.key("inline"), "config is not valid");
            return;
        }
        String ignitionVersion = config.path("ignition").path("version").asText("");
        if (SEMVER.matcher(ignitionVersion).matches() && !ignitionVersion.equals(version.ignitionVersion())) {
            report.warn(c.key("version"), ButaneErrors.UNKNOWN_IGNITION_VERSION);
            return;
        }
        for (ValidationIssue issue : IgnitionValidator.validate(config)) {
            NodePath at = c.key("inline").append(issue.path().toArray());
            if (issue.warning()) {
                report.warn(at, issue.message());
            } else {
                report.error(at, issue.message());
            }
        }
    }

    private void filesystem(ObjectNode v, NodePath c) {
        if (!v.path("with_mount_unit").asBoolean(false)) {
            return;
        }
        String format = v.path("format").asText("");
        boolean noPath = v.path("path").asText("").isEmpty();
        if (!version.atLeast(BaseVersion.V0_4)) {
            if (noPath) {
                report.error(c.key("path"), ButaneErrors.MOUNT_UNIT_NO_PATH);
            }
            if (format.isEmpty()) {
                report.error(c.key("format"), ButaneErrors.MOUNT_UNIT_NO_FORMAT);
            }
        } else if (format.isEmpty()) {
            report.error(c.key("format"), ButaneErrors.MOUNT_UNIT_NO_FORMAT);
        } else if (!format.equals("swap") && noPath) {
            report.error(c.key("path"), ButaneErrors.MOUNT_UNIT_NO_PATH);
        }
    }

    private void mode(ObjectNode v, NodePath c, boolean directory) {
        JsonNode mode = v.get("mode");
        if (mode != null && FileModes.looksDecimal(mode.asLong(), directory)) {
            report.warn(c.key("mode"), ButaneErrors.DECIMAL_MODE);
        }
    }

    private void quadlet(ObjectNode v, NodePath c) {
        String name = v.path("name").asText("");
        boolean supported = false;
        for (String extension : QUADLET_EXTENSIONS) {
            supported |= name.endsWith(extension);
        }
        if (!supported) {
            report.error(c.key("name"), ButaneErrors.QUADLET_BAD_EXTENSION);
            return;
        }
        if (Quadlets.templateOf(name) != null) {
            if (v.has("contents")) {
                report.error(c.key("contents"), ButaneErrors.TEMPLATE_INSTANCE_CONTENTS);
            }
            if (v.has("contents_local")) {
                report.error(c.key("contents_local"), ButaneErrors.TEMPLATE_INSTANCE_CONTENTS);
            }
        } else if (v.has("contents") && v.has("contents_local")) {
            report.error(c.key("contents_local"), ButaneErrors.TOO_MANY_SYSTEMD_SOURCES);
        }
    }
}
