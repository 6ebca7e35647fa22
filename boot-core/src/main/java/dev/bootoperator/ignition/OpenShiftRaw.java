package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenShift variant as butane translates it in raw mode ({@code config/openshift/v4_N}): the fcos layer
 * plus its checks. {@code metadata.name} and the role label are still required; FIPS adds the LUKS cipher
 * options (up to 4.19); what the Machine Config Operator cannot apply is refused (btrfs, {@code format: none}
 * from 4.14, file sources other than {@code data:} URLs, special mode bits from 4.10, users other than
 * {@code core}); and the {@code openshift} keys a MachineConfig would carry are dropped with a warning.
 */
final class OpenShiftRaw {
    private static final String ROLE_LABEL = "machineconfiguration.openshift.io/role";
    private static final String GRUB_USER_CFG = "/boot/grub2/user.cfg";
    private static final String CEX_KARG = "rd.luks.key=/etc/luks/cex.key";
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

    private final int minor;
    private final Report report;

    OpenShiftRaw(int minor, Report report) {
        this.minor = minor;
        this.report = report;
    }

    void validate(ObjectNode root) {
        JsonNode metadata = root.path("metadata");
        if (metadata.path("name").asText("").isEmpty()) {
            report.error(NodePath.of("metadata", "name"), ButaneErrors.NAME_REQUIRED);
        }
        if (metadata.path("labels").path(ROLE_LABEL).asText("").isEmpty()) {
            report.error(NodePath.of("metadata", "labels"), ButaneErrors.ROLE_REQUIRED);
        }
        JsonNode openshift = root.path("openshift");
        if (openshift.has("kernel_type")) {
            String type = openshift.get("kernel_type").asText();
            if (!type.isEmpty() && !type.equals("default") && !type.equals("realtime")) {
                report.error(NodePath.of("openshift", "kernel_type"), ButaneErrors.INVALID_KERNEL_TYPE);
            }
        }
        if (minor >= 19) {
            boolean karg = false;
            for (JsonNode arg : openshift.path("kernel_arguments")) {
                karg |= arg.asText().equals(CEX_KARG);
            }
            boolean cex = root.path("boot_device").path("luks").path("cex").path("enabled").asBoolean(false);
            for (JsonNode luks : root.path("storage").path("luks")) {
                cex |= luks.path("cex").path("enabled").asBoolean(false) && luks.path("name").asText("").equals("root");
            }
            if (cex && !karg) {
                report.error(NodePath.of("openshift", "kernel_arguments"), ButaneErrors.MISSING_KARG_CEX);
            }
        }
    }

    void translate(ObjectNode root, Translated translated) {
        if (minor >= 23) {
            grubUserCfgAsContents(translated);
        }
        JsonNode openshift = root.path("openshift");
        if (minor <= 19 && openshift.path("fips").asBoolean(false)) {
            fipsCipher(translated);
        }
        supportChecks(translated);
        for (String key : new String[] {"kernel_arguments", "extensions", "fips", "kernel_type"}) {
            if (openshift.has(key)) {
                report.warn(NodePath.of("openshift", key), ButaneErrors.FIELD_ELIDED);
            }
        }
    }

    /**
     * From 4.23 butane turns the {@code grub.users} file, which the fcos layer appends, into plain contents: the
     * Machine Config Operator cannot apply {@code append}. As butane does, only the first
     * {@code /boot/grub2/user.cfg} is looked at, and only if it has exactly one append (else the user wrote it).
     */
    private static void grubUserCfgAsContents(Translated translated) {
        JsonNode files = translated.config().path("storage").path("files");
        for (int i = 0; i < files.size(); i++) {
            if (!(files.get(i) instanceof ObjectNode file) || !file.path("path").asText("").equals(GRUB_USER_CFG)) {
                continue;
            }
            if (file.path("append").size() != 1) {
                return;
            }
            ObjectNode converted = file.objectNode();
            file.fields().forEachRemaining(field -> {
                if (field.getKey().equals("append")) {
                    converted.set("contents", field.getValue().get(0));
                } else if (!field.getKey().equals("contents")) {
                    converted.set(field.getKey(), field.getValue());
                }
            });
            ((ArrayNode) files).set(i, converted);
            NodePath at = NodePath.of("storage", "files", i);
            translated.provenance().move(at.key("append").index(0), at.key("contents"));
            return;
        }
    }

    private void fipsCipher(Translated translated) {
        JsonNode luksList = translated.config().path("storage").path("luks");
        for (int i = 0; i < luksList.size(); i++) {
            ObjectNode luks = (ObjectNode) luksList.get(i);
            boolean hasCipher = false;
            for (JsonNode option : luks.path("options")) {
                String o = option.asText();
                hasCipher |= o.equals("--cipher") || o.startsWith("--cipher=") || o.equals("-c");
            }
            if (hasCipher) {
                continue;
            }
            ArrayNode options = luks.has("options") ? (ArrayNode) luks.get("options") : luks.putArray("options");
            NodePath json = NodePath.of("storage", "luks", i, "options");
            NodePath fips = NodePath.of("openshift", "fips");
            if (options.isEmpty()) {
                translated.provenance().record(json, fips);
            }
            translated.provenance().record(json.index(options.size()), fips);
            translated.provenance().record(json.index(options.size() + 1), fips);
            options.add("--cipher").add("aes-cbc-essiv:sha256");
        }
    }

    private void supportChecks(Translated translated) {
        Provenance provenance = translated.provenance();
        JsonNode storage = translated.config().path("storage");
        JsonNode filesystems = storage.path("filesystems");
        for (int i = 0; i < filesystems.size(); i++) {
            String format = filesystems.get(i).path("format").asText("");
            NodePath at = provenance.yamlPathOf(NodePath.of("storage", "filesystems", i, "format"));
            if (format.equals("btrfs")) {
                report.error(at, ButaneErrors.BTRFS);
            }
            if (minor >= 14 && format.equals("none") && filesystems.get(i).has("format")) {
                report.error(at, ButaneErrors.FILESYSTEM_NONE);
            }
        }
        JsonNode files = storage.path("files");
        for (int i = 0; i < files.size(); i++) {
            JsonNode file = files.get(i);
            JsonNode source = file.path("contents").get("source");
            if (source != null) {
                Matcher scheme = SCHEME.matcher(source.asText());
                if (!scheme.find() || !scheme.group(1).equalsIgnoreCase("data")) {
                    report.error(provenance.yamlPathOf(NodePath.of("storage", "files", i, "contents", "source")),
                            ButaneErrors.FILE_SCHEME);
                }
            }
            if (minor >= 10 && file.has("mode") && (file.get("mode").asLong() & ~0777L) != 0) {
                report.error(provenance.yamlPathOf(NodePath.of("storage", "files", i, "mode")),
                        ButaneErrors.FILE_SPECIAL_MODE);
            }
        }
        JsonNode users = translated.config().path("passwd").path("users");
        for (int i = 0; i < users.size(); i++) {
            if (!users.get(i).path("name").asText("").equals("core")) {
                report.error(provenance.yamlPathOf(NodePath.of("passwd", "users", i, "name")), ButaneErrors.USER_NAME);
            }
        }
    }
}
