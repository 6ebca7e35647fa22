package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * butane's {@code boot_device} (fcos ≥ 1.3): checks of layout, mirror and LUKS settings, and the rendering of
 * the root disk layout ({@code config/fcos/v1_N/translate.go}): per mirror device a disk with BIOS-BOOT or
 * PReP (or reserved), EFI (or reserved), boot and root partitions, RAID 1 for boot and root, LUKS on root
 * (Clevis with TPM2/Tang, or CEX on s390x), and the filesystems, all merged under the user's config.
 */
final class BootDevice {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern DASD = Pattern.compile("(/dev/dasd[a-z]$)");
    private static final Pattern SD = Pattern.compile("(/dev/sd[a-z]$)");
    private static final String RESERVED_GUID = "8DA63339-0007-60C0-C436-083AC8230908";
    private static final String BIOS_GUID = "21686148-6449-6E6F-744E-656564454649";
    private static final String PREP_GUID = "9E1A2D38-C612-4316-AA26-8B49521E5A8B";
    private static final String ESP_GUID = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";

    private final FcosLevel level;
    private final Report report;

    BootDevice(FcosLevel level, Report report) {
        this.level = level;
        this.report = report;
    }

    void validate(ObjectNode d, NodePath c) {
        boolean mirror = d.path("mirror").path("devices").size() > 0;
        JsonNode layoutNode = d.get("layout");
        if (mirror && layoutNode == null) {
            if (level.strictBootDevice()) {
                report.error(c.key("mirror"), ButaneErrors.MIRROR_REQUIRES_LAYOUT);
            } else {
                report.warn(c.key("mirror"), ButaneErrors.MIRROR_REQUIRES_LAYOUT);
            }
        }
        JsonNode luks = d.path("luks");
        String device = luks.path("device").asText("");
        if (layoutNode != null) {
            String layout = layoutNode.asText();
            if (!level.s390x()) {
                if (!List.of("aarch64", "ppc64le", "x86_64").contains(layout)) {
                    report.error(c.key("layout"), ButaneErrors.UNKNOWN_LAYOUT_LEGACY);
                }
            } else {
                switch (layout) {
                    case "aarch64", "ppc64le", "x86_64", "s390x-virt" -> {
                    }
                    case "s390x-eckd" -> s390xDevice(device, DASD, c);
                    case "s390x-zfcp" -> s390xDevice(device, SD, c);
                    default -> report.error(c.key("layout"), ButaneErrors.UNKNOWN_LAYOUT);
                }
                if (layout.startsWith("s390x") && mirror) {
                    report.error(c.key("layout"), ButaneErrors.MIRROR_NOT_SUPPORTED);
                }
            }
        }
        if (level.s390x() && luks.path("cex").path("enabled").asBoolean(false)) {
            if (layoutNode == null) {
                report.error(c.append("luks", "cex"), ButaneErrors.CEX_ARCHITECTURE_MISMATCH);
            } else if (!layoutNode.asText().startsWith("s390x")) {
                report.error(c.key("layout"), ButaneErrors.CEX_ARCHITECTURE_MISMATCH);
            }
            if (luks.path("tang").size() > 0 || luks.path("tpm2").asBoolean(false)) {
                report.error(c.key("luks"), ButaneErrors.CEX_WITH_CLEVIS);
            }
        }
    }

    private void s390xDevice(String device, Pattern expected, NodePath c) {
        if (device.isEmpty()) {
            report.error(c.key("layout"), ButaneErrors.NO_LUKS_BOOT_DEVICE);
        } else if (!expected.matcher(device).find()) {
            report.error(c.key("layout"), ButaneErrors.LUKS_BOOT_DEVICE_BAD_NAME);
        }
    }

    void validateLuks(ObjectNode l, NodePath c) {
        if (l.path("device").asText("").isEmpty()) {
            return;
        }
        boolean valid = false;
        for (JsonNode tang : l.path("tang")) {
            valid |= !tang.isEmpty();
        }
        valid |= l.path("tpm2").asBoolean(false) || l.path("cex").path("enabled").asBoolean(false);
        if (!valid) {
            report.error(c.key("luks"), ButaneErrors.NO_LUKS_METHOD); // sic: butane appends "luks" to the luks path
        }
    }

    Translated render(JsonNode d, Translated config) {
        JsonNode luks = d.path("luks");
        boolean cex = level.s390x() && luks.path("cex").path("enabled").asBoolean(false);
        boolean wantLuks = luks.path("tpm2").asBoolean(false) || luks.path("tang").size() > 0 || cex;
        JsonNode devices = d.path("mirror").path("devices");
        boolean wantMirror = devices.size() > 0;
        if (!wantLuks && !wantMirror) {
            return config;
        }
        String layout = d.has("layout") ? d.get("layout").asText() : "x86_64";
        boolean bios = layout.equals("x86_64");
        boolean efi = layout.equals("x86_64") || layout.equals("aarch64");
        boolean prep = layout.equals("ppc64le");
        ObjectNode rendered = JSON.objectNode();
        ObjectNode storage = rendered.putObject("storage");
        Provenance provenance = new Provenance();
        NodePath bootDevice = NodePath.of("boot_device");
        NodePath mirror = bootDevice.key("mirror");
        ArrayNode disks = JSON.arrayNode();
        ArrayNode filesystems = JSON.arrayNode();
        if (wantMirror) {
            for (int i = 0; i < devices.size(); i++) {
                int n = disks.size() + 1;
                ObjectNode disk = JSON.objectNode();
                disk.put("device", devices.get(i).asText());
                ArrayNode partitions = disk.putArray("partitions");
                if (bios) {
                    partition(partitions, "bios-" + n, 1, BIOS_GUID);
                } else if (prep) {
                    partition(partitions, "prep-" + n, 4, PREP_GUID);
                } else {
                    partition(partitions, "reserved-" + n, 1, RESERVED_GUID);
                }
                if (efi) {
                    partition(partitions, "esp-" + n, 127, ESP_GUID);
                } else {
                    partition(partitions, "reserved-" + n, 1, RESERVED_GUID);
                }
                partition(partitions, "boot-" + n, 384, null);
                partitions.addObject().put("label", "root-" + n);
                disk.put("wipeTable", true);
                provenance.recordAll(NodePath.of("storage", "disks", disks.size()), disk, mirror.key("devices").index(i));
                disks.add(disk);
                if (efi) {
                    ObjectNode esp = filesystem("/dev/disk/by-partlabel/esp-" + n, "vfat", "esp-" + n);
                    provenance.recordAll(NodePath.of("storage", "filesystems", filesystems.size()), esp,
                            mirror.key("devices").index(i));
                    filesystems.add(esp);
                }
            }
            provenance.record(NodePath.of("storage", "disks"), mirror.key("devices"));
            storage.set("disks", disks);
            ArrayNode raid = storage.putArray("raid");
            ObjectNode boot = raid.addObject();
            raidDevices(boot.putArray("devices"), "boot", disks.size());
            boot.put("level", "raid1");
            boot.put("name", "md-boot");
            boot.putArray("options").add("--metadata=1.0");
            ObjectNode root = raid.addObject();
            raidDevices(root.putArray("devices"), "root", disks.size());
            root.put("level", "raid1");
            root.put("name", "md-root");
            provenance.recordAll(NodePath.of("storage", "raid"), raid, mirror);
            ObjectNode bootFs = filesystem("/dev/md/md-boot", "ext4", "boot");
            provenance.recordAll(NodePath.of("storage", "filesystems", filesystems.size()), bootFs, mirror);
            filesystems.add(bootFs);
        }
        if (wantLuks) {
            String luksDevice;
            if (level.s390x() && layout.equals("s390x-eckd")) {
                luksDevice = luks.path("device").asText() + "2";
            } else if (level.s390x() && layout.equals("s390x-zfcp")) {
                luksDevice = luks.path("device").asText() + "4";
            } else if (wantMirror) {
                luksDevice = "/dev/md/md-root";
            } else {
                luksDevice = "/dev/disk/by-partlabel/root";
            }
            NodePath lpath = bootDevice.key("luks");
            NodePath rpath = NodePath.of("storage", "luks", 0);
            ObjectNode volume = JSON.objectNode();
            if (cex) {
                volume.putObject("cex").put("enabled", true);
                provenance.record(rpath.key("cex"), lpath);
                provenance.record(rpath.append("cex", "enabled"), lpath.append("cex", "enabled"));
            } else {
                ObjectNode clevis = volume.putObject("clevis");
                provenance.record(rpath.key("clevis"), lpath);
                if (luks.path("tang").size() > 0) {
                    ArrayNode tang = clevis.putArray("tang");
                    for (int i = 0; i < luks.get("tang").size(); i++) {
                        JsonNode t = luks.get("tang").get(i);
                        ObjectNode out = tang.addObject();
                        t.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
                        NodePath tangJson = rpath.append("clevis", "tang", i);
                        NodePath tangYaml = lpath.append("tang", i);
                        provenance.recordAll(tangJson, out, tangYaml);
                        t.fieldNames().forEachRemaining(k -> provenance.record(tangJson.key(k), tangYaml.key(k)));
                    }
                    provenance.record(rpath.append("clevis", "tang"), lpath.key("tang"));
                }
                if (luks.has("threshold")) {
                    clevis.set("threshold", luks.get("threshold"));
                    provenance.record(rpath.append("clevis", "threshold"), lpath.key("threshold"));
                }
                if (luks.has("tpm2")) {
                    clevis.set("tpm2", luks.get("tpm2"));
                    provenance.record(rpath.append("clevis", "tpm2"), lpath.key("tpm2"));
                }
            }
            volume.put("device", luksDevice);
            if (luks.has("discard")) {
                volume.set("discard", luks.get("discard"));
                provenance.record(rpath.key("discard"), lpath.key("discard"));
            }
            volume.put("label", "luks-root");
            volume.put("name", "root");
            volume.put("wipeVolume", true);
            for (String f : new String[] {"device", "label", "name", "wipeVolume"}) {
                provenance.record(rpath.key(f), lpath);
            }
            provenance.record(rpath, lpath);
            provenance.record(NodePath.of("storage", "luks"), lpath);
            storage.putArray("luks").add(volume);
        }
        ObjectNode rootFs = filesystem(wantLuks ? "/dev/mapper/root" : "/dev/md/md-root", "xfs", "root");
        provenance.recordAll(NodePath.of("storage", "filesystems", filesystems.size()), rootFs, bootDevice);
        filesystems.add(rootFs);
        provenance.record(NodePath.of("storage", "filesystems"), bootDevice);
        storage.set("filesystems", filesystems);
        provenance.record(NodePath.of("storage"), bootDevice);
        return ConfigMerger.merge(new Translated(rendered, provenance), config);
    }

    private static void partition(ArrayNode partitions, String label, int sizeMiB, String typeGuid) {
        ObjectNode p = partitions.addObject();
        p.put("label", label);
        p.put("sizeMiB", sizeMiB);
        if (typeGuid != null) {
            p.put("typeGuid", typeGuid);
        }
    }

    private static ObjectNode filesystem(String device, String format, String label) {
        ObjectNode fs = JSON.objectNode();
        fs.put("device", device);
        fs.put("format", format);
        fs.put("label", label);
        fs.put("wipeFilesystem", true);
        return fs;
    }

    private static void raidDevices(ArrayNode devices, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            devices.add("/dev/disk/by-partlabel/" + prefix + "-" + i);
        }
    }
}
