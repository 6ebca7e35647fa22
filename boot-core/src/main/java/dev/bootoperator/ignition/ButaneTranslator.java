package dev.bootoperator.ignition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Translates Butane ({@code variant: fcos}, versions 1.0.0–1.6.0) into compact Ignition JSON (3.0.0–3.5.0),
 * the way {@code butane} does for self-contained documents: snake_case keys become Ignition's camelCase,
 * {@code inline} contents become uncompressed {@code data:,} URLs, and a key the target Ignition spec lacks is
 * an error. There is no files-dir, so {@code local}, {@code *_local} and {@code storage.trees} are refused, as
 * are generating sugars ({@code boot_device}, {@code grub}, {@code with_mount_unit}). Nothing is dropped
 * silently: every refusal is a {@link ButaneException} naming the Butane field.
 *
 * <pre>{@code
 * byte[] ign = new ButaneTranslator().translate("""
 *     variant: fcos
 *     version: 1.5.0
 *     storage:
 *       files:
 *         - path: /etc/motd
 *           contents:
 *             inline: hello world
 *     """.getBytes(UTF_8));
 * // {"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/motd","contents":{"source":"data:,hello%20world"}}]}}
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ButaneTranslator {
    /** Larger documents are refused before parsing: {@value} bytes (1 MiB). */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private final ButaneYaml yaml = new ButaneYaml();
    private final ObjectMapper json = new ObjectMapper();

    public ButaneTranslator() {
    }

    /** Translates a Butane YAML document (variant fcos) into compact Ignition JSON bytes (UTF-8). */
    public byte[] translate(byte[] butaneYaml) throws ButaneException {
        Objects.requireNonNull(butaneYaml, "butaneYaml");
        if (butaneYaml.length > MAX_DOCUMENT_BYTES) {
            throw new ButaneException("", "Butane document is " + butaneYaml.length + " bytes; the limit is "
                    + MAX_DOCUMENT_BYTES + " bytes (1 MiB)");
        }
        ObjectNode document = yaml.read(butaneYaml);
        FcosVersion version = version(document);
        ObjectNode translated = FcosSchema.ROOT.translate(document, FieldPath.ROOT, version);
        translated.remove("variant");
        translated.remove("version");

        ObjectNode ignition = json.createObjectNode().put("version", version.ignition().spec());
        JsonNode section = translated.remove("ignition");
        if (section != null) {
            ignition.setAll((ObjectNode) section);
        }
        ObjectNode config = json.createObjectNode();
        config.set("ignition", ignition);
        config.setAll(translated);
        try {
            return json.writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an in-memory JSON tree", e);
        }
    }

    private static FcosVersion version(ObjectNode document) {
        JsonNode variant = document.get("variant");
        if (variant == null || variant.isNull()) {
            throw new ButaneException("variant", "required field is missing; expected fcos");
        }
        if (!variant.isTextual() || !"fcos".equals(variant.textValue())) {
            throw new ButaneException("variant", "unsupported variant '" + variant.asText() + "'; only fcos is supported");
        }
        JsonNode version = document.get("version");
        if (version == null || version.isNull()) {
            throw new ButaneException("version", "required field is missing; expected one of " + FcosVersion.supported());
        }
        String spec = version.asText();
        if (spec.endsWith("-experimental")) {
            throw new ButaneException("version", "experimental version " + spec + " is not supported; use one of "
                    + FcosVersion.supported());
        }
        return FcosVersion.parse(version.isTextual() ? spec : "")
                .orElseThrow(() -> new ButaneException("version", "unsupported fcos version '" + spec
                        + "'; expected one of " + FcosVersion.supported()));
    }
}
