package dev.bootoperator.ignition.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our verdict (any error or none) equals the exit status of Debian's {@code ignition-validate} (Ignition 2.14),
 * which knows specs 3.0.0–3.3.0, for every config of {@link ValidationCases} in those specs. Where Ignition 2.26
 * (our reference) has added a rule to an old spec since 2.14, the case says so and the test checks that 2.14
 * still accepts it, so the table documents the difference instead of hiding it.
 */
class IgnitionValidateParityTest {
    private static final Path BINARY = Path.of("/usr/bin/ignition-validate");
    private static final Set<String> SPECS_OF_2_14 = Set.of("3.0.0", "3.1.0", "3.2.0", "3.3.0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RANDOM_CONFIGS = 400;

    @TempDir
    static Path dir;

    @BeforeAll
    static void binaryIsInstalled() {
        assertThat(Files.isExecutable(BINARY))
                .as("%s is missing: apt-get install ignition", BINARY)
                .isTrue();
    }

    static Stream<ValidationCases.Case> cases() {
        return ValidationCases.all().stream().filter(c -> SPECS_OF_2_14.contains(c.version()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ourVerdictIsIgnitionValidates(ValidationCases.Case c) throws Exception {
        boolean weRefuse = IgnitionValidator.validate(JSON.readTree(c.config())).stream().anyMatch(i -> !i.warning());
        assertThat(weRefuse).as("our verdict on %s", c).isEqualTo(c.error().isPresent());

        Result theirs = run(c.config());
        boolean theyRefuse = c.differsFromIgnition214().isPresent() ? !weRefuse : weRefuse;
        assertThat(theirs.exit() != 0)
                .as("ignition-validate on %s%s said:%n%s", c.config(),
                        c.differsFromIgnition214().map(w -> " (expected to differ: " + w + ")").orElse(""), theirs.output())
                .isEqualTo(theyRefuse);
    }

    /** Random configs (fixed seed, so a failure repeats) where many rules meet: the verdicts must agree too. */
    @Test
    void randomConfigsGetIgnitionValidatesVerdict() throws Exception {
        RandomConfigs configs = new RandomConfigs(20261202L);
        List<String> disagreements = new ArrayList<>();
        int refused = 0;
        for (int n = 0; n < RANDOM_CONFIGS; n++) {
            JsonNode config = configs.next();
            List<ValidationIssue> ours = IgnitionValidator.validate(config);
            boolean weRefuse = ours.stream().anyMatch(i -> !i.warning());
            refused += weRefuse ? 1 : 0;
            Result theirs = run(JSON.writeValueAsString(config));
            if (weRefuse != (theirs.exit() != 0)) {
                disagreements.add(config + "\n  ours: " + ours + "\n  theirs: " + theirs.output());
            }
        }
        assertThat(disagreements).as("configs where ignition-validate disagrees").isEmpty();
        // the pools must produce both verdicts, or the comparison proves little
        assertThat(refused).as("configs refused of %d", RANDOM_CONFIGS).isBetween(RANDOM_CONFIGS / 5, RANDOM_CONFIGS * 4 / 5);
    }

    private record Result(int exit, String output) {}

    private static Result run(String config) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "config", ".ign");
        Files.writeString(file, config, UTF_8);
        Process p = new ProcessBuilder(BINARY.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ignition-validate finished").isTrue();
        return new Result(p.exitValue(), output);
    }
}
