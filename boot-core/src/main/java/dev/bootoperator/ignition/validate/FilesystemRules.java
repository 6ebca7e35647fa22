package dev.bootoperator.ignition.validate;

import static dev.bootoperator.ignition.validate.SpecVersion.V3_3;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Rules for {@code storage.filesystems}. */
final class FilesystemRules {
    static final String INVALID_FORMAT = "invalid filesystem format";
    static final String FORMAT_NEEDED =
            "format cannot be empty when path, label, uuid, wipeFilesystem, options, or mountOptions is specified";
    static final String LABEL_NEEDS_FORMAT = "filesystem must specify format if label is specified";
    static final String OVERWRITES_PARTITIONS = "filesystem overwrites partitioned device";
    static final String IMPLICIT_WIPE = "device matches disk with wipeTable enabled; filesystem will be wiped";

    /** Label limits in bytes, by format. */
    private static final Map<String, Integer> LABEL_LIMITS =
            Map.of("ext4", 16, "btrfs", 256, "xfs", 12, "swap", 15, "vfat", 11);
    private static final Set<String> FORMATS = Set.of("ext4", "btrfs", "xfs", "swap", "vfat");

    private FilesystemRules() {}

    static void check(JsonNode storage, SpecVersion v, Report r) {
        Map<String, JsonNode> disks = new HashMap<>();
        Json.array(storage, "disks").forEach(d -> disks.put(Json.string(d, "device"), d));
        List<JsonNode> filesystems = Json.array(storage, "filesystems");
        for (int i = 0; i < filesystems.size(); i++) {
            JsonNode fs = filesystems.get(i);
            Loc at = Loc.ROOT.at("storage", "filesystems", i);
            r.error(at.at("path"), GoPaths.validateOptional(Json.text(fs, "path")));
            r.error(at.at("device"), GoPaths.validate(Json.string(fs, "device")));
            r.error(at.at("format"), format(fs, v));
            r.error(at.at("label"), label(fs));
            JsonNode disk = disks.get(Json.string(fs, "device"));
            if (disk != null) {
                if (!Json.array(disk, "partitions").isEmpty()) {
                    r.warn(at.at("device"), OVERWRITES_PARTITIONS);
                } else if (!Json.isTrue(fs, "wipeFilesystem") && Json.isTrue(disk, "wipeTable")) {
                    r.warn(at.at("device"), IMPLICIT_WIPE);
                }
            }
        }
    }

    /** ext4, btrfs, xfs, swap, vfat; {@code none} from 3.3.0 on. Required when anything else is set. */
    private static Optional<String> format(JsonNode fs, SpecVersion v) {
        String format = Json.string(fs, "format");
        if (format.isEmpty()) {
            boolean others = Json.notEmpty(fs, "path") || Json.notEmpty(fs, "label") || Json.notEmpty(fs, "uuid")
                    || Json.isTrue(fs, "wipeFilesystem") || !Json.array(fs, "mountOptions").isEmpty()
                    || !Json.array(fs, "options").isEmpty();
            return others ? Optional.of(FORMAT_NEEDED) : Optional.empty();
        }
        boolean known = FORMATS.contains(format) || (format.equals("none") && v.atLeast(V3_3));
        return known ? Optional.empty() : Optional.of(INVALID_FORMAT);
    }

    private static Optional<String> label(JsonNode fs) {
        String label = Json.string(fs, "label");
        if (label.isEmpty()) {
            return Optional.empty();
        }
        String format = Json.string(fs, "format");
        if (format.isEmpty()) {
            return Optional.of(LABEL_NEEDS_FORMAT);
        }
        Integer limit = LABEL_LIMITS.get(format);
        if (limit != null && Json.goLen(label) > limit) {
            return Optional.of("filesystem labels cannot be longer than " + limit + " characters when using " + format);
        }
        return Optional.empty();
    }
}
