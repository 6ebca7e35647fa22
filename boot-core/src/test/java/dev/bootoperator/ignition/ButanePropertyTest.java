package dev.bootoperator.ignition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bootoperator.hostile.Adversarial;
import dev.bootoperator.ignition.validate.IgnitionValidator;
import dev.bootoperator.ignition.validate.ValidationIssue;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated corpus configs (the house style of {@code hostile/ParserPropertyTest}: own generators, fixed seed,
 * {@code -Dhostile.seed=N} to vary it): whatever translates is a config Ignition accepts, and whatever does not
 * is a {@link ButaneException} whose message starts with its YAML path, never another exception, within 2 s.
 */
class ButanePropertyTest {
    static final long SEED = Long.getLong("hostile.seed", 20261202L);
    static final Duration BOUND = Duration.ofSeconds(2);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ButaneTranslator TRANSLATOR = new ButaneTranslator();

    /** Values that break a field in many ways: wrong types, empty, relative, odd schemes, odd modes. */
    private static final List<JsonNode> HOSTILE_VALUES = Stream.<Object>of("", "relative/path", "/etc/x", "/", "a.service",
            "noext", "x.conf", "ftp://h/x", "http://", "https://h/x", "data:,x", "data:;base64,!!", "s3://b/k",
            "md5-00", "sha512-" + "0".repeat(128), "sha256-xyz", "gzip", "bzip2", "xfs", "swap", "none", "/dev/sda",
            "/dev/disk/by-label/x", 0, -1, 420, 4095, 0x10000 + 420, 1L << 40, true, false, 1.5, List.of(),
            List.of("a"), Map.of(), Map.of("unknown", 1), Map.of("inline", "x"), Map.of("source", "http://h"))
            .map(v -> (JsonNode) YAML.valueToTree(v)).toList();
    private static final List<String> KEYS = List.of("path", "name", "mode", "contents", "inline", "source", "local",
            "compression", "verification", "hash", "user", "group", "id", "overwrite", "append", "target", "hard",
            "device", "format", "wipe_filesystem", "with_mount_unit", "label", "uuid", "enabled", "mask", "dropins",
            "http_headers", "partitions", "size_mib", "start_mib", "number", "type_guid", "luks", "clevis", "tang",
            "tpm2", "threshold", "boot_device", "layout", "mirror", "devices", "grub", "users", "kernel_arguments",
            "should_exist", "should_not_exist", "ssh_authorized_keys", "password_hash", "uid", "groups", "unknown_key");
    private static final List<String> VERSIONS = List.of("fcos 1.0.0", "fcos 1.1.0", "fcos 1.2.0", "fcos 1.3.0",
            "fcos 1.4.0", "fcos 1.5.0", "fcos 1.6.0", "fcos 1.7.0", "fcos 1.8.0-experimental", "flatcar 1.0.0",
            "flatcar 1.1.0", "r4e 1.1.0", "fiot 1.0.0", "openshift 4.8.0", "openshift 4.15.0", "fcos 9.0.0", "x 1.0.0");

    @TempDir
    static Path dir;

    /** Corpus inputs that butane translates: the seeds for mutation. */
    static List<String> seeds() {
        return ButaneCorpus.cases().stream().filter(c -> c.expected().isPresent())
                .map(c -> new String(c.input(), StandardCharsets.UTF_8)).toList();
    }

    /** Structural mutants: 1 to 3 edits of the parsed tree (replace a value, drop or add a key, copy an entry). */
    static List<String> structuralMutants(int count) {
        Random random = new Random(SEED);
        List<String> seeds = seeds();
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode doc = (ObjectNode) read(seeds.get(random.nextInt(seeds.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                mutate(doc, random);
            }
            try {
                out.add(YAML.writeValueAsString(doc));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    private static void mutate(ObjectNode doc, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(doc, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        switch (random.nextInt(6)) {
            case 0 -> {
                String[] v = VERSIONS.get(random.nextInt(VERSIONS.size())).split(" ");
                doc.put("variant", v[0]).put("version", v[1]);
            }
            case 1 -> {
                if (target instanceof ObjectNode o && o.size() > 0) {
                    List<String> names = new ArrayList<>();
                    o.fieldNames().forEachRemaining(names::add);
                    o.remove(names.get(random.nextInt(names.size())));
                }
            }
            case 2 -> {
                if (target instanceof ArrayNode a && a.size() > 0) {
                    a.add(a.get(random.nextInt(a.size())).deepCopy());
                }
            }
            default -> {
                JsonNode value = HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())).deepCopy();
                if (target instanceof ObjectNode o) {
                    List<String> names = new ArrayList<>();
                    o.fieldNames().forEachRemaining(names::add);
                    String key = names.isEmpty() || random.nextInt(3) == 0 ? KEYS.get(random.nextInt(KEYS.size()))
                            : names.get(random.nextInt(names.size()));
                    o.set(key, value);
                } else if (target instanceof ArrayNode a && a.size() > 0) {
                    a.set(random.nextInt(a.size()), value);
                }
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    /** Textual mutants: characters and YAML fragments inserted, spans deleted or copied, truncation. */
    static List<String> textualMutants(int count) {
        List<String> fragments = List.of("\n", ": ", "- ", "  ", "&a ", "*a", "!!binary ", "{", "]", "'", "\"",
                "\t", "~", "<<: *a\n", "0o7777", "null", "? ", "---\n", "%TAG ! x\n");
        String alphabet = "abc :-\n{}[]'\"0123456789./&*!|>";
        return Adversarial.mutants(count, seeds(), alphabet, fragments);
    }

    @Test
    void structurallyMutatedConfigsTranslateToValidIgnitionOrFailAtAYamlPath() throws Exception {
        Outcomes o = check(structuralMutants(4000));
        assertThat(o.translated.size()).as("mutants that translated (the generator reaches success)").isGreaterThan(400);
        assertThat(o.refused).as("mutants refused (the generator reaches refusals)").isGreaterThan(400);
        assertThat(o.refusedWithPath).as("refusals naming a YAML path").isGreaterThan(o.refused * 3 / 4);
        assertIgnitionValidateAccepts(o.translated, 60);
    }

    @Test
    void textuallyMutatedConfigsTranslateToValidIgnitionOrFailWithAButaneException() throws Exception {
        Outcomes o = check(textualMutants(3000));
        assertThat(o.translated.size()).as("mutants that translated").isGreaterThan(300);
        assertThat(o.refused).as("mutants refused").isGreaterThan(300);
        assertIgnitionValidateAccepts(o.translated, 40);
    }

    private static final class Outcomes {
        final List<byte[]> translated = new ArrayList<>();
        int refused;
        int refusedWithPath;
    }

    private static Outcomes check(List<String> inputs) {
        Outcomes outcomes = new Outcomes();
        for (String input : inputs) {
            long start = System.nanoTime();
            try {
                Translation t = TRANSLATOR.translateWithWarnings(input.getBytes(StandardCharsets.UTF_8));
                JsonNode json = new ObjectMapper().readTree(t.json());
                List<ValidationIssue> errors = IgnitionValidator.validate(json).stream().filter(i -> !i.warning()).toList();
                assertThat(errors).as("Ignition's validation of the translation %s", json).isEmpty();
                t.warnings().forEach(w -> assertThat(w.message()).isNotBlank());
                outcomes.translated.add(t.json());
            } catch (ButaneException e) {
                outcomes.refused++;
                assertThat(e.getMessage()).isNotBlank().startsWith(e.field());
                if (!e.field().isEmpty()) {
                    outcomes.refusedWithPath++;
                    assertThat(e.field()).doesNotContain("..").doesNotStartWith(".").doesNotEndWith(".");
                }
            } catch (Throwable t) {
                fail("seed " + SEED + ", input " + escape(input) + ": " + t, t);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("seed %d, input %s", SEED, escape(input))
                    .isLessThan(BOUND);
        }
        return outcomes;
    }

    /** An independent judge: Debian's ignition-validate on a sample of translations whose spec Ignition 2.14 knows. */
    private static void assertIgnitionValidateAccepts(List<byte[]> translated, int sample) throws Exception {
        Path tool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(p -> Path.of(p, "ignition-validate")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("ignition-validate is missing: apt-get install ignition"));
        List<byte[]> known = translated.stream().filter(j -> IgnitionValidateCorpusTest.KNOWN_SPECS.contains(
                read(new String(j, StandardCharsets.UTF_8)).path("ignition").path("version").asText())).toList();
        assertThat(known).as("translations with a spec ignition-validate knows").hasSizeGreaterThan(sample);
        Random random = new Random(SEED);
        for (int i = 0; i < sample; i++) {
            byte[] json = known.get(random.nextInt(known.size()));
            Path file = Files.write(dir.resolve("mutant.ign"), json);
            Process p = new ProcessBuilder(tool.toString(), file.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("ignition-validate on %s:%n%s", new String(json, StandardCharsets.UTF_8), output)
                    .isZero();
        }
    }

    private static JsonNode read(String yaml) {
        try {
            JsonNode node = YAML.readTree(yaml);
            return node == null ? JsonNodeFactory.instance.objectNode() : node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
