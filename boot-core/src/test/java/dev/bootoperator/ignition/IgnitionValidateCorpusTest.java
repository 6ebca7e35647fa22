package dev.bootoperator.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.ignition.ButaneCorpus.Case;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ignition itself accepts what the corpus serves: Debian's {@code ignition-validate} (Ignition 2.14, package
 * {@code ignition}) checks butane's expected output and our translation of every case whose spec it knows
 * (3.0.0–3.3.0 and 3.4.0-experimental; it calls 3.4.0 and later unsupported). Warnings are allowed, as at boot.
 */
class IgnitionValidateCorpusTest {
    /** The specs Ignition 2.14 validates. */
    static final Set<String> KNOWN_SPECS = Set.of("3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0-experimental");

    @TempDir
    static Path dir;

    static Path tool;

    @BeforeAll
    static void findTool() {
        tool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(p -> Path.of(p, "ignition-validate")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("ignition-validate is missing: apt-get install ignition"));
    }

    static Stream<Case> validatable() {
        List<Case> cases = ButaneCorpus.cases().stream()
                .filter(c -> c.spec().filter(KNOWN_SPECS::contains).isPresent()).toList();
        assertThat(cases).as("corpus cases with a spec Ignition 2.14 knows").hasSizeGreaterThan(100);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validatable")
    void ignitionAcceptsButanesOutputAndOurs(Case c) throws Exception {
        assertAccepted(c.name() + " (butane's output)", ButaneCorpus.pretty(c.expected().orElseThrow())
                .getBytes(StandardCharsets.UTF_8));
        byte[] ours;
        try {
            ours = new ButaneTranslator().translate(c.input());
        } catch (ButaneException e) {
            throw new AssertionError(c.name() + ": butane translates it, we refuse it (see ButaneCorpusTest): "
                    + e.getMessage(), e);
        }
        assertAccepted(c.name() + " (our translation)", ours);
    }

    @org.junit.jupiter.api.Test
    void theToolRefusesWhatIgnitionRefuses() throws Exception {
        // the check above means something only if the tool fails a config Ignition rejects at boot
        Path file = Files.writeString(dir.resolve("bad.ign"), """
                {"ignition":{"version":"3.3.0"},"storage":{"files":[{"path":"/etc/a"},{"path":"/etc/a"}]}}""");
        Process p = new ProcessBuilder(tool.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isNotZero();
        assertThat(output).contains("duplicate");
    }

    private static void assertAccepted(String what, byte[] config) throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve("config.ign"), config);
        Process p = new ProcessBuilder(tool.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ignition-validate finished").isTrue();
        assertThat(p.exitValue()).as("ignition-validate on %s:%n%s%n%s", what, output,
                new String(config, StandardCharsets.UTF_8)).isZero();
    }
}
