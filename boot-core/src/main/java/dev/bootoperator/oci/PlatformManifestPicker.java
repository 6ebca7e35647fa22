package dev.bootoperator.oci;

import dev.bootoperator.oci.json.DescriptorJson;
import dev.bootoperator.oci.json.ManifestJson;
import dev.bootoperator.oci.json.PlatformJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the entry of an image index for a {@link PlatformSelector}, with the CNAME-annotation fallback. */
final class PlatformManifestPicker {
    private PlatformManifestPicker() {
    }

    static DescriptorJson pick(RegistryTarget target, ManifestPuller.Pulled index, PlatformSelector selector)
            throws RegistryException {
        List<DescriptorJson> entries = Optional.ofNullable(index.json().manifests()).orElse(List.of());
        for (DescriptorJson entry : entries) {
            PlatformJson p = entry == null ? null : entry.platform();
            if (p != null && selector.os().equalsIgnoreCase(nullToEmpty(p.os()))
                    && selector.architecture().equals(PlatformSelector.normalizeArchitecture(nullToEmpty(p.architecture())))) {
                return entry;
            }
        }
        if (selector.cnamePrefix().isPresent()) {
            String prefix = selector.cnamePrefix().get();
            for (DescriptorJson entry : entries) {
                Map<String, String> annotations = entry == null ? null : entry.annotations();
                if (annotations == null || !nullToEmpty(annotations.get("cname")).startsWith(prefix)) {
                    continue;
                }
                String architecture = annotations.get("architecture");
                if (architecture == null && entry.platform() != null) {
                    architecture = entry.platform().architecture();
                }
                if (architecture != null && selector.architecture().equals(PlatformSelector.normalizeArchitecture(architecture))) {
                    return entry;
                }
            }
        }
        throw new ImageNotFoundException(target.registry(), "image " + target.image() + ": index " + index.digest()
                + " has no manifest for " + selector + "; it has: " + describe(entries));
    }

    private static String describe(List<DescriptorJson> entries) {
        if (entries.isEmpty()) {
            return "no entries";
        }
        List<String> parts = new ArrayList<>();
        for (DescriptorJson entry : entries) {
            if (entry == null) {
                continue;
            }
            List<String> facts = new ArrayList<>();
            if (entry.platform() != null) {
                facts.add(entry.platform().os() + "/" + entry.platform().architecture()
                        + (entry.platform().variant() == null ? "" : "/" + entry.platform().variant()));
            }
            if (entry.annotations() != null && entry.annotations().containsKey("cname")) {
                facts.add("cname=" + entry.annotations().get("cname") + ", architecture="
                        + entry.annotations().get("architecture"));
            }
            parts.add(facts.isEmpty() ? "(no platform)" : String.join(" ", facts));
        }
        return String.join("; ", parts);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
