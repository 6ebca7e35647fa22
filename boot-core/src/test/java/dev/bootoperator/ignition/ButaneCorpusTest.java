package dev.bootoperator.ignition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.boot.BootResponse;
import dev.bootoperator.boot.BootService;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.ignition.ButaneCorpus.Case;
import dev.bootoperator.ignition.ButaneCorpus.Issue;
import dev.bootoperator.store.InMemoryBootConfigStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the Butane corpus (butane v0.28.0's translate and validate tests, its docs' examples and issue
 * 13's cases, with butane's own results as the expected ones) translates to the same Ignition, with warnings at
 * the same YAML paths, or is refused at the same YAML path with a 500 from {@code /ignition/{uuid}}.
 */
class ButaneCorpusTest {
    private static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";
    private static final ButaneTranslator TRANSLATOR = new ButaneTranslator(ButaneOptions.defaults());
    private static final ButaneTranslator STRICT = new ButaneTranslator(new ButaneOptions(true));

    static List<Case> cases() {
        return ButaneCorpus.cases();
    }

    static Stream<Case> warned() {
        return cases().stream().filter(c -> c.expected().isPresent() && !c.warnings().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesAsButaneDoes(Case c) {
        if (c.expected().isPresent()) {
            Translation translation;
            try {
                translation = TRANSLATOR.translateWithWarnings(c.input());
            } catch (ButaneException e) {
                throw new AssertionError(c.name() + " (" + c.sources().get(0) + "): butane translates it, we refuse: "
                        + e.getMessage(), e);
            }
            JsonNode expected = ButaneCorpus.canonical(c.expected().get());
            assertThat(ButaneCorpus.pretty(ButaneCorpus.canonical(ButaneCorpus.parse(translation.json()))))
                    .as("%s (%s): Ignition JSON, keys sorted, data: URLs decoded", c.name(), c.sources().get(0))
                    .isEqualTo(ButaneCorpus.pretty(expected));
            assertThat(translation.warnings().stream().map(ButaneWarning::path).sorted().toList())
                    .as("%s: the YAML paths butane warns about: %s", c.name(), c.warnings())
                    .isEqualTo(c.warnings().stream().map(Issue::path).sorted().toList());
        } else {
            ButaneException e = refusal(c, TRANSLATOR);
            List<String> paths = c.errors().stream().map(Issue::path).map(p -> ourPath(c, p)).toList();
            if (!paths.contains("")) {
                assertThat(e.field()).as("%s (%s): the YAML path; butane says %s; we say: %s", c.name(),
                        c.sources().get(0), c.errors(), e.getMessage()).isIn(paths);
            }
            assertThat(e.getMessage()).as("the message starts with the path").startsWith(e.field());
        }
        assertServedAs(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warned")
    void strictRefusesWhatButaneOnlyWarnsAbout(Case c) {
        ButaneException e = refusal(c, STRICT);
        assertThat(e.field()).as("%s: strict refusal names a warned path: %s", c.name(), c.warnings())
                .isIn(c.warnings().stream().map(Issue::path).toList());
    }

    /**
     * The one documented difference in error paths: for variant openshift, butane reports "not supported in this
     * spec version" at the MachineConfig's path ({@code spec.config.<yaml path>}) even in Raw mode. We serve Raw
     * Ignition, no MachineConfig exists, so we name the YAML path the user wrote: the same path without the prefix.
     */
    private static String ourPath(Case c, String butanePath) {
        boolean openshift = new String(c.input(), java.nio.charset.StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.matches("variant:\\s*[\"']?openshift[\"']?\\s*(#.*)?"));
        return openshift && butanePath.startsWith("spec.config.") ? butanePath.substring("spec.config.".length())
                : butanePath;
    }

    private static ButaneException refusal(Case c, ButaneTranslator translator) {
        ButaneException e;
        try {
            Translation t = translator.translateWithWarnings(c.input());
            return fail("%s (%s): butane refuses it (%s), we translate it to %s", c.name(), c.sources().get(0),
                    c.errors().isEmpty() ? "strict, warnings: " + c.warnings() : c.errors(),
                    new String(t.json(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (ButaneException refused) {
            e = refused;
        } catch (RuntimeException other) {
            throw new AssertionError(c.name() + ": not a ButaneException: " + other, other);
        }
        return e;
    }

    /** The answer a machine gets: 200 and the Ignition, or 500 naming the path. */
    private static void assertServedAs(Case c) {
        InMemoryBootConfigStore store = new InMemoryBootConfigStore();
        store.put(new IpxeBootConfig(ObjectKey.of("default", "m"), UUID, List.of("10.0.0.5"), Optional.empty(),
                "http://k", "http://i", Optional.empty(), Optional.empty(), Optional.of("m-ign"), Optional.empty()));
        store.put(new Secret(ObjectKey.of("default", "m-ign"), Map.of(Secret.IGNITION_KEY, c.input(),
                Secret.FORMAT_KEY, "fcos".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        BootResponse r = BootService.builder(store).build().handle(BootRequest.get("/ignition/" + UUID, "10.0.0.5"));
        if (c.expected().isPresent()) {
            assertThat(r.status()).as("%s: status", c.name()).isEqualTo(200);
        } else {
            assertThat(r.status()).as("%s: status", c.name()).isEqualTo(500);
            assertThat(r.bodyText()).as("one line naming machine and secret").doesNotContain("\tat ")
                    .contains(UUID, "default/m-ign");
        }
    }
}
