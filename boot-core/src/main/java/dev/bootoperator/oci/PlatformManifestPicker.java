package dev.bootoperator.oci;

import dev.bootoperator.oci.json.DescriptorJson;
import dev.bootoperator.oci.json.ManifestJson;
import dev.bootoperator.oci.json.PlatformJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the entry of an image index for a {@link PlatformSelector}: the CNAME annotation first (PXE), then the platform. */
final class PlatformManifestPicker {
    /** The annotation keys upstream reads ({@code internal/oci/manifest.go}). */
    static final String CNAME = "cname";
    static final String ARCHITECTURE = "architecture";

    private PlatformManifestPicker() {
    }

    static DescriptorJson pick(RegistryTarget target, ManifestPuller.Pulled index, PlatformSelector selector)
            throws RegistryException {
        List<DescriptorJson> entries = Optional.ofNullable(index.json().manifests()).orElse(List.of());
        if (selector.cnamePrefix().isPresent()) {
            String prefix = selector.cnamePrefix().get();
            for (DescriptorJson entry : entries) {
                Map<String, String> annotations = entry == null ? null : entry.annotations();
                if (annotations != null && nullToEmpty(annotations.get(CNAME)).startsWith(prefix)
                        && selector.architecture().equals(architecture(annotations.get(ARCHITECTURE)))) {
                    return entry;
                }
            }
        }
        for (DescriptorJson entry : entries) {
            PlatformJson p = entry == null ? null : entry.platform();
            if (p != null && selector.architecture().equals(architecture(p.architecture()))) {
                return entry;
            }
        }
        throw new ImageNotFoundException(target.registry(), "image " + target.image() + ": index " + index.digest()
                + " has no manifest for " + selector + "; it has: " + describe(entries));
    }

    private static String architecture(String name) {
        return name == null ? "" : PlatformSelector.normalizeArchitecture(name);
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
