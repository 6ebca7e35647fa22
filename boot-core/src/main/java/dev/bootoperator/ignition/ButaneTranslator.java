package dev.bootoperator.ignition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bootoperator.ignition.validate.IgnitionValidator;
import dev.bootoperator.ignition.validate.ValidationIssue;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Translates Butane into compact Ignition JSON as butane v0.28.0 does when boot-operator calls it
 * ({@code TranslateBytes} with {@code Raw} and {@code NoResourceAutoCompression}): every variant and version
 * butane registers (fcos 1.0.0–1.7.0 and 1.8.0-experimental, flatcar, openshift 4.8.0–4.23.0-experimental as
 * plain Ignition, r4e, fiot), the sugar ({@code boot_device}, {@code grub}, {@code with_mount_unit}), butane's
 * own checks, and Ignition's validation of the result. Unknown keys are dropped with a warning, as butane
 * does; {@link ButaneOptions#strict()} refuses them instead. There is no files-dir, so {@code local},
 * {@code *_local} and {@code storage.trees} are refused, as upstream refuses them.
 *
 * <pre>{@code
 * Translation t = new ButaneTranslator().translateWithWarnings("""
 *     variant: fcos
 *     version: 1.5.0
 *     storage:
 *       files:
 *         - path: /etc/motd
 *           contents:
 *             inline: hello world
 *     """.getBytes(UTF_8));
 * // {"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/motd",
 * //   "contents":{"compression":"","source":"data:,hello%20world"}}]}}
 * }</pre>
 *
 * <p>Every refusal is a {@link ButaneException} whose message starts with the YAML path at fault
 * ({@code storage.files.1: duplicate entry defined}). Instances are immutable and thread-safe.
 */
public final class ButaneTranslator {
    /** Larger documents are refused before parsing: {@value} bytes (1 MiB). */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;

    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");
    private static final List<String> ROOT_ORDER = List.of("ignition", "kernelArguments", "passwd", "storage", "systemd");

    private final ButaneOptions options;
    private final ButaneYaml yaml = new ButaneYaml();
    private final ObjectMapper json = new ObjectMapper();

    public ButaneTranslator() {
        this(ButaneOptions.defaults());
    }

    public ButaneTranslator(ButaneOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Translates a Butane YAML document into compact Ignition JSON bytes (UTF-8); warnings are dropped. */
    public byte[] translate(byte[] butaneYaml) throws ButaneException {
        return translateWithWarnings(butaneYaml).json();
    }

    /** Translates a Butane YAML document, returning butane's warnings with the JSON. */
    public Translation translateWithWarnings(byte[] butaneYaml) throws ButaneException {
        Objects.requireNonNull(butaneYaml, "butaneYaml");
        if (butaneYaml.length > MAX_DOCUMENT_BYTES) {
            throw new ButaneException("", "Butane document is " + butaneYaml.length + " bytes; the limit is "
                    + MAX_DOCUMENT_BYTES + " bytes (1 MiB)");
        }
        YamlNode document = yaml.read(butaneYaml);
        Target target = target(document);
        Report report = new Report();
        Shape.Struct shape = target.root();
        JsonNode decodedNode = new ButaneDecoder(report).decode(document, shape, NodePath.ROOT);
        ObjectNode decoded = decodedNode == null ? json.createObjectNode() : (ObjectNode) decodedNode;
        new ContextTreeCheck(report, target.base()).check(document, shape, decoded);

        validate(target, shape, decoded, report);
        report.throwIfFatal();

        Translated translated = new BaseTranslator(target.base(), report).translate(decoded, shape);
        report.throwIfFatal();
        if (target.fcos() != null) {
            translated = new FcosSugar(target.fcos(), report).translate(decoded, translated);
        }
        if (target.openshift()) {
            new OpenShiftRaw(target.openshiftMinor(), report).translate(decoded, translated);
        }
        report.throwIfFatal();
        FieldFilters.verify(target, translated, report);
        report.throwIfFatal();

        ObjectNode config = canonicalRoot(translated.config());
        RequiredFields.fill(config, target.base());
        DuplicateCheck.check(translated, report);
        for (ValidationIssue issue : IgnitionValidator.validate(config)) {
            NodePath at = translated.provenance().yamlPathOf(NodePath.of(issue.path()));
            if (issue.warning()) {
                report.warn(at, issue.message());
            } else {
                report.error(at, issue.message());
            }
        }
        report.throwIfFatal();

        List<ButaneWarning> warnings = report.warnings().stream()
                .map(w -> new ButaneWarning(w.path().toString(), w.message())).toList();
        if (options.strict() && !warnings.isEmpty()) {
            throw new ButaneException(warnings.get(0).path(), warnings.get(0).message()
                    + Report.more(warnings.stream().skip(1).map(ButaneWarning::toString).toList())
                    + " (strict mode refuses warnings)");
        }
        try {
            return new Translation(json.writeValueAsBytes(config), warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an in-memory JSON tree", e);
        }
    }

    private static void validate(Target target, Shape.Struct shape, ObjectNode decoded, Report report) {
        BaseValidator base = new BaseValidator(target.base(), report);
        FcosSugar fcos = target.fcos() == null ? null : new FcosSugar(target.fcos(), report);
        StructWalker.walk(decoded, shape, NodePath.ROOT, visit -> {
            base.validate(visit);
            if (fcos != null) {
                fcos.validate(visit);
            }
        });
        if (target.openshift()) {
            new OpenShiftRaw(target.openshiftMinor(), report).validate(decoded);
        }
    }

    /** Ignition's key order at the root, whatever order sugar merging left. */
    private ObjectNode canonicalRoot(ObjectNode config) {
        ObjectNode out = json.createObjectNode();
        for (String key : ROOT_ORDER) {
            if (config.has(key)) {
                out.set(key, config.get(key));
            }
        }
        config.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** butane first reads only {@code variant} and {@code version}, then picks the translator. */
    private static Target target(YamlNode document) {
        String variant = "";
        String version = "";
        if (document instanceof YamlNode.Mapping mapping) {
            variant = headerField(mapping, "variant");
            version = headerField(mapping, "version");
        } else if (!(document instanceof YamlNode.Scalar s && s.isNull())) {
            throw new ButaneException("", "cannot unmarshal " + document.yamlTag() + " into a Butane config (line "
                    + document.line() + "); a Butane config is a mapping with variant and version");
        }
        if (variant.isEmpty()) {
            throw new ButaneException("variant", "error parsing variant; must be specified");
        }
        if (!SEMVER.matcher(version).matches()) {
            throw new ButaneException("version", "error parsing version; must be a valid semver");
        }
        if (variant.equals("rhcos") && version.equals("0.1.0")) {
            throw new ButaneException("variant", "rhcos variant has been removed; use openshift variant instead: "
                    + "https://coreos.github.io/butane/upgrading-openshift/");
        }
        String v = variant;
        String ver = version;
        return Target.lookup(variant, version).orElseThrow(() -> Target.knownVariant(v)
                ? new ButaneException("version", "No translator exists for variant " + v + " with version " + ver
                        + "; known versions: " + String.join(", ", Target.versionsOf(v)))
                : new ButaneException("variant", "No translator exists for variant " + v + " with version " + ver));
    }

    private static String headerField(YamlNode.Mapping mapping, String key) {
        YamlNode node = mapping.entries().get(key);
        if (node == null || (node instanceof YamlNode.Scalar s && s.isNull())) {
            return "";
        }
        if (!(node instanceof YamlNode.Scalar s)) {
            throw new ButaneException(key, "cannot unmarshal " + node.yamlTag() + " into string (line " + node.line() + ")");
        }
        return s.value();
    }
}
