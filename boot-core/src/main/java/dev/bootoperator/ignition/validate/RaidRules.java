package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.SpecVersion.V3_3;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Rules for {@code storage.raid}. */
final class RaidRules {
    static final String LEVEL_REQUIRED = "raid level is required";
    static final String SPARES_UNSUPPORTED = "spares unsupported for linear and raid0 arrays";
    static final String UNKNOWN_LEVEL = "unrecognized raid level";
    static final String DEVICES_REQUIRED = "raid devices required";

    private RaidRules() {}

    static void check(JsonNode storage, SpecVersion v, Report r) {
        List<JsonNode> arrays = Json.array(storage, "raid");
        for (int i = 0; i < arrays.size(); i++) {
            JsonNode raid = arrays.get(i);
            Loc at = Loc.ROOT.at("storage", "raid", i);
            r.error(at.at("level"), level(raid, v));
            List<JsonNode> devices = Json.array(raid, "devices");
            if (devices.isEmpty()) {
                r.error(at.at("devices"), DEVICES_REQUIRED);
            }
            for (int j = 0; j < devices.size(); j++) {
                String device = devices.get(j).isTextual() ? devices.get(j).textValue() : "";
                r.error(at.at("devices", j), GoPaths.validate(device));
            }
        }
    }

    /** Before 3.3.0 an empty level is simply not a known level; from 3.3.0 on it is called missing. */
    private static Optional<String> level(JsonNode raid, SpecVersion v) {
        String level = Json.string(raid, "level");
        if (level.isEmpty() && v.atLeast(V3_3)) {
            return Optional.of(LEVEL_REQUIRED);
        }
        switch (level) {
            case "linear", "raid0", "0", "stripe":
                return Json.integer(raid, "spares").orElse(0L) != 0 ? Optional.of(SPARES_UNSUPPORTED) : Optional.empty();
            case "raid1", "1", "mirror", "raid4", "4", "raid5", "5", "raid6", "6", "raid10", "10":
                return Optional.empty();
            default:
                return Optional.of(UNKNOWN_LEVEL);
        }
    }
}
