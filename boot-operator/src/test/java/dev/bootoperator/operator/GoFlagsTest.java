package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's flag spellings rewritten into picocli's. */
class GoFlagsTest {
    private static final GoFlags FLAGS = new GoFlags(Map.of("leader-elect", GoFlags.Kind.BOOL,
            "metrics-bind-address", GoFlags.Kind.VALUE, "controllers", GoFlags.Kind.VALUE, "help", GoFlags.Kind.SWITCH));

    @Test
    void singleAndDoubleDashWithAndWithoutEqualsBecomeOneDoubleDashWord() {
        assertThat(FLAGS.normalize(List.of("-metrics-bind-address=:8443", "--metrics-bind-address=:1",
                "-metrics-bind-address", ":2", "--metrics-bind-address", ":3")))
                .containsExactly("--metrics-bind-address=:8443", "--metrics-bind-address=:1",
                        "--metrics-bind-address=:2", "--metrics-bind-address=:3");
    }

    @Test
    void aValueFlagTakesTheNextWordEvenWhenItStartsWithADash() {
        assertThat(FLAGS.normalize(List.of("-controllers", "-httpbootconfig", "-leader-elect")))
                .containsExactly("--controllers=-httpbootconfig", "--leader-elect=true");
    }

    @Test
    void boolFlagsTakeNoSeparateValueAndGoSpellingsOfTrueAndFalse() {
        assertThat(FLAGS.normalize(List.of("-leader-elect", "--leader-elect=F", "-leader-elect=1",
                "--leader-elect=TRUE", "--leader-elect=maybe")))
                .containsExactly("--leader-elect=true", "--leader-elect=false", "--leader-elect=true",
                        "--leader-elect=true", "--leader-elect=maybe");
    }

    @Test
    void unknownNamesShortOptionsAndWordsAfterTheTerminatorPassThrough() {
        assertThat(FLAGS.normalize(List.of("-nosuch=1", "-h", "-help", "positional", "--", "-leader-elect")))
                .containsExactly("-nosuch=1", "-h", "--help", "positional", "--", "-leader-elect");
    }

    @Test
    void aValueFlagAtTheEndStaysForPicocliToReportItsMissingValue() {
        assertThat(FLAGS.normalize(List.of("-metrics-bind-address"))).containsExactly("--metrics-bind-address");
    }
}
