package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ignition fields a variant's OS cannot apply ({@code config/<variant>/v*\/translate.go} field filters): Flatcar
 * has no Clevis (1.0, 1.1) or CEX (1.2), RHEL for Edge and Fedora IoT manage no disks, filesystems, LUKS, RAID
 * or kernel arguments. A filtered field that is set is an error at its path.
 */
final class FieldFilters {
    private FieldFilters() {
    }

    static Map<String, String> of(Target target) {
        Map<String, String> filters = new LinkedHashMap<>();
        switch (target.variant()) {
            case "flatcar" -> {
                if (target.base() == BaseVersion.V0_8_EXP) {
                    filters.put("storage.luks.cex", ButaneErrors.CEX_NOT_SUPPORTED);
                } else {
                    filters.put("storage.luks.clevis", ButaneErrors.CLEVIS_SUPPORT);
                }
            }
            case "r4e", "fiot" -> {
                filters.put("kernelArguments", ButaneErrors.KARG_SUPPORT);
                filters.put("storage.disks", ButaneErrors.DISK_SUPPORT);
                filters.put("storage.filesystems", ButaneErrors.FILESYSTEM_SUPPORT);
                filters.put("storage.luks", ButaneErrors.LUKS_SUPPORT);
                filters.put("storage.raid", ButaneErrors.RAID_SUPPORT);
            }
            default -> {
            }
        }
        return filters;
    }

    static void verify(Target target, Translated translated, Report report) {
        of(target).forEach((filter, message) -> verify(translated.config(), filter.split("\\."), 0, NodePath.ROOT,
                translated.provenance(), report, message));
    }

    private static void verify(JsonNode node, String[] filter, int depth, NodePath path, Provenance provenance,
            Report report, String message) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (depth == filter.length) {
            if (!BaseTranslator.isEmpty(node)) {
                report.error(provenance.yamlPathOf(path), message);
            }
            return;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                verify(node.get(i), filter, depth, path.index(i), provenance, report, message);
            }
            return;
        }
        verify(node.get(filter[depth]), filter, depth + 1, path.key(filter[depth]), provenance, report, message);
    }
}
