package dev.bootoperator.ignition.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * Our verdict (any error or none) equals the exit status of Debian's {@code ignition-validate} (Ignition 2.14),
 * which knows specs 3.0.0–3.3.0, for every config of {@link ValidationCases} in those specs. Where Ignition 2.26
 * (our reference) has added a rule to an old spec since 2.14, the case says so and the test checks that 2.14
 * still accepts it, so the table documents the difference instead of hiding it.
 */
class IgnitionValidateParityTest {
    private static final Path BINARY = Path.of("/usr/bin/ignition-validate");
    private static final Set<String> SPECS_OF_2_14 = Set.of("3.0.0", "3.1.0", "3.2.0", "3.3.0");
    private static final ObjectMapper JSON = new ObjectMapper();

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
