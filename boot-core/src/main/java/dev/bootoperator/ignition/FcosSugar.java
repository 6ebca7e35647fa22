package dev.bootoperator.ignition;

import static dev.bootoperator.ignition.Shape.Scalar.BOOL;
import static dev.bootoperator.ignition.Shape.Scalar.INT;
import static dev.bootoperator.ignition.Shape.Scalar.STRING;
import static dev.bootoperator.ignition.Shape.struct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fcos layer ({@code config/fcos/v1_N}) on top of a base: the keys {@code boot_device} ({@link BootDevice})
 * and {@code grub} ({@link GrubUsers}) as each version has them, butane's fcos checks (mount points, partitions
 * reused by label) and its warnings about partition numbers and the root partition's size.
 */
final class FcosSugar {
    private static final String ROOT_DEVICE = "/dev/disk/by-id/coreos-boot-disk";
    private static final Pattern ALLOWED_MOUNTPOINTS = Pattern.compile("^/(etc|var)(/|$)");

    private final FcosLevel level;
    private final Report report;

    FcosSugar(FcosLevel level, Report report) {
        this.level = level;
        this.report = report;
    }

    /** The base root with {@code boot_device} and {@code grub} as this version has them. */
    static Shape.Struct root(FcosLevel level, BaseVersion base) {
        Shape.Struct root = BaseSchema.root(base);
        if (!level.bootDevice()) {
            return root;
        }
        Shape.Struct tang = BaseSchema.tang(base);
        Shape.Builder luks = struct("BootDeviceLuks");
        if (level.s390x()) {
            luks.butaneOnly("cex", struct("Cex").field("enabled", BOOL).build());
        }
        if (level.luksDiscard()) {
            luks.butaneOnly("discard", BOOL);
        }
        if (level.s390x()) {
            luks.butaneOnly("device", STRING);
        }
        luks.butaneOnly("tang", new Shape.ListOf(tang)).butaneOnly("threshold", INT).butaneOnly("tpm2", BOOL);
        List<Shape.Field> more = new ArrayList<>();
        more.add(new Shape.Field("boot_device", null, struct("BootDevice")
                .butaneOnly("layout", STRING)
                .butaneOnly("luks", luks.build())
                .butaneOnly("mirror", struct("BootDeviceMirror").butaneOnly("devices", new Shape.ListOf(STRING)).build())
                .build()));
        if (level.grub()) {
            more.add(new Shape.Field("grub", null, struct("Grub").butaneOnly("users", new Shape.ListOf(struct("GrubUser")
                    .butaneOnly("name", STRING).butaneOnly("password_hash", STRING).build())).build()));
        }
        return root.with(more.toArray(Shape.Field[]::new));
    }

    // ---- validation (validate.go) ----

    void validate(StructWalker.Visit visit) {
        switch (visit.shape().name()) {
            case "Config" -> config(visit.value(), visit.path());
            case "BootDevice" -> new BootDevice(level, report).validate(visit.value(), visit.path());
            case "BootDeviceLuks" -> {
                if (level.strictBootDevice()) {
                    new BootDevice(level, report).validateLuks(visit.value(), visit.path());
                }
            }
            case "BootDeviceMirror" -> {
                if (visit.value().path("devices").size() == 1) {
                    report.error(visit.path().key("devices"), ButaneErrors.TOO_FEW_MIRROR_DEVICES);
                }
            }
            case "GrubUser" -> GrubUsers.validate(visit.value(), visit.path(), report);
            default -> {
            }
        }
    }

    private void config(ObjectNode config, NodePath c) {
        if (!level.configChecks()) {
            return;
        }
        JsonNode disks = config.path("storage").path("disks");
        for (int i = 0; i < disks.size(); i++) {
            JsonNode disk = disks.get(i);
            if (!disk.path("device").asText("").equals(ROOT_DEVICE) && !disk.path("wipe_table").asBoolean(false)) {
                JsonNode partitions = disk.path("partitions");
                for (int p = 0; p < partitions.size(); p++) {
                    if (partitions.get(p).path("number").asInt(0) == 0 && partitions.get(p).has("label")) {
                        report.warn(c.append("storage", "disks", i, "partitions", p, "number"), ButaneErrors.REUSE_BY_LABEL);
                    }
                }
            }
        }
        JsonNode filesystems = config.path("storage").path("filesystems");
        for (int i = 0; i < filesystems.size(); i++) {
            JsonNode fs = filesystems.get(i);
            if (fs.has("path") && !ALLOWED_MOUNTPOINTS.matcher(fs.get("path").asText()).find()
                    && fs.path("with_mount_unit").asBoolean(false)) {
                report.error(c.append("storage", "filesystems", i, "path"), ButaneErrors.MOUNT_POINT_FORBIDDEN);
            }
        }
    }

    // ---- translation (translate.go) ----

    Translated translate(ObjectNode decoded, Translated config) {
        if (level.bootDevice()) {
            config = new BootDevice(level, report).render(decoded.path("boot_device"), config);
        }
        partitionWarnings(config);
        if (level.grub()) {
            config = GrubUsers.render(decoded.path("grub").path("users"), config);
        }
        return config;
    }

    private void partitionWarnings(Translated translated) {
        JsonNode disks = translated.config().path("storage").path("disks");
        for (int i = 0; i < disks.size(); i++) {
            JsonNode disk = disks.get(i);
            JsonNode partitions = disk.path("partitions");
            for (int p = 0; p < partitions.size(); p++) {
                JsonNode partition = partitions.get(p);
                if (!partition.has("label")) {
                    continue;
                }
                String label = partition.get("label").asText();
                NodePath json = NodePath.of("storage", "disks", i, "partitions", p);
                if (level.bootDevice() && label.equals("root")) {
                    rootSize(partitions, p, json, translated.provenance());
                }
                int number = partition.path("number").asInt(0);
                if (!disk.path("wipeTable").asBoolean(false)
                        && ((label.equals("BIOS-BOOT") && number != 1) || (label.equals("PowerPC-PReP-boot") && number != 1)
                        || (label.equals("EFI-SYSTEM") && number != 2) || (label.equals("boot") && number != 3)
                        || (label.equals("root") && number != 4))) {
                    report.warn(translated.provenance().yamlPathOf(json.key("label")), ButaneErrors.WRONG_PARTITION_NUMBER);
                }
            }
        }
    }

    private void rootSize(JsonNode partitions, int p, NodePath json, Provenance provenance) {
        long size = partitions.get(p).path("sizeMiB").asLong(0);
        if (size == 0) {
            for (int other = 0; other < partitions.size(); other++) {
                if (other != p && partitions.get(other).path("startMiB").asLong(0) == 0) {
                    report.warn(provenance.yamlPathOf(json.key("label")), ButaneErrors.ROOT_CONSTRAINED);
                    break;
                }
            }
        } else if (size < 8192) {
            report.warn(provenance.yamlPathOf(json.key("size_mib")), ButaneErrors.ROOT_TOO_SMALL);
        }
    }

}
