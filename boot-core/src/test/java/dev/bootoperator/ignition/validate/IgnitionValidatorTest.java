package dev.bootoperator.ignition.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IgnitionValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<ValidationCases.Case> cases() {
        return ValidationCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesIgnitionsVerdictAndMessage(ValidationCases.Case c) {
        List<ValidationIssue> issues = validate(c.config());
        List<String> errors = issues.stream().filter(i -> !i.warning())
                .map(i -> i.dottedPath() + ": " + i.message()).toList();
        if (c.error().isPresent()) {
            assertThat(errors).contains(c.error().get());
        } else {
            assertThat(errors).isEmpty();
        }
    }

    @Nested
    class Versions {
        @ParameterizedTest
        @ValueSource(strings = {"3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0", "3.5.0", "3.6.0", "3.7.0-experimental"})
        void acceptsEverySpecThatIgnition226Parses(String version) {
            assertThat(validate("{\"ignition\":{\"version\":\"" + version + "\"}}")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"2.3.0", "3.4.0-experimental", "3.7.0", "3.8.0", "3.0.0+meta", "4.0.0"})
        void refusesSpecsItDoesNotParseWithOneErrorAtTheVersion(String version) {
            assertThat(validate("{\"ignition\":{\"version\":\"" + version + "\"}}")).singleElement()
                    .satisfies(i -> {
                        assertThat(i.path()).containsExactly("ignition", "version");
                        assertThat(i.message()).isEqualTo("unsupported config version");
                        assertThat(i.warning()).isFalse();
                    });
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"ignition\":{}}", "{\"ignition\":{\"version\":\"3.3\"}}",
                "{\"ignition\":{\"version\":3}}", "{\"ignition\":{\"version\":\"v3.3.0\"}}"})
        void refusesAMissingOrUnparsableVersion(String config) {
            assertThat(validate(config)).singleElement().satisfies(i -> {
                assertThat(i.path()).containsExactly("ignition", "version");
                assertThat(i.message()).isEqualTo("invalid config version (couldn't parse)");
            });
        }

        @Test
        void readsVersionsAsGoSemverDoes() {
            assertThat(SpecVersion.parse("03.0.0")).contains(SpecVersion.V3_0);
            assertThat(SpecVersion.parse("3.7.0-experimental")).contains(SpecVersion.V3_7_EXPERIMENTAL);
            assertThat(SpecVersion.parse("3.0")).isEmpty();
            assertThat(SpecVersion.V3_7_EXPERIMENTAL).isGreaterThan(SpecVersion.V3_6)
                    .isLessThan(new SpecVersion(3, 7, 0, "", ""));
        }

        @Test
        void aNonObjectConfigIsRefused() throws Exception {
            assertThat(IgnitionValidator.validate(JSON.readTree("[]"))).singleElement()
                    .satisfies(i -> assertThat(i.warning()).isFalse());
        }
    }

    @Nested
    class Warnings {
        @Test
        void unknownKeysAreWarnings() {
            assertThat(validate(cfg("3.3.0", "\"storage\":{\"files\":[{\"path\":\"/a\",\"colour\":\"blue\"}]}")))
                    .singleElement().satisfies(i -> {
                        assertThat(i.dottedPath()).isEqualTo("storage.files.0.colour");
                        assertThat(i.message()).isEqualTo("unused key colour");
                        assertThat(i.warning()).isTrue();
                    });
        }

        @Test
        void fieldsOfLaterSpecsAreUnknownKeysInEarlierOnes() {
            String luks = "\"storage\":{\"luks\":[{\"name\":\"a\",\"device\":\"/dev/sda\"}]}";
            assertThat(validate(cfg("3.1.0", luks))).extracting(ValidationIssue::dottedPath, ValidationIssue::warning)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("storage.luks", true));
            assertThat(validate(cfg("3.2.0", luks))).isEmpty();
        }

        @Test
        void enabledUnitWithoutInstallSection() {
            assertThat(validate(cfg("3.3.0", "\"systemd\":{\"units\":[{\"name\":\"a.service\",\"enabled\":true,"
                    + "\"contents\":\"[Service]\\nExecStart=/bin/true\\n[Install]\\n\"}]}")))
                    .singleElement().satisfies(i -> {
                        assertThat(i.dottedPath()).isEqualTo("systemd.units.0.contents");
                        assertThat(i.message()).isEqualTo(
                                "unit \"a.service\" is enabled, but has no install section so enable does nothing");
                        assertThat(i.warning()).isTrue();
                    });
        }

        @Test
        void enabledInstanceOfATemplateWithoutInstallSection() {
            assertThat(validate(cfg("3.4.0", "\"systemd\":{\"units\":[{\"name\":\"getty@.service\","
                    + "\"contents\":\"[Service]\\nExecStart=/bin/true\\n\"},"
                    + "{\"name\":\"getty@tty1.service\",\"enabled\":true}]}")))
                    .singleElement().satisfies(i -> {
                        assertThat(i.dottedPath()).isEqualTo("systemd.units.1.contents");
                        assertThat(i.message()).isEqualTo(
                                "template unit \"getty@.service\" for \"getty@tty1.service\" doesn't have Install section");
                        assertThat(i.warning()).isTrue();
                    });
        }

        @Test
        void setuidBitsBefore360AndNotAfter() {
            String body = "\"storage\":{\"files\":[{\"path\":\"/a\",\"mode\":2541}]}";
            assertThat(validate(cfg("3.5.0", body))).singleElement().satisfies(i -> {
                assertThat(i.dottedPath()).isEqualTo("storage.files.0.mode");
                assertThat(i.warning()).isTrue();
            });
            assertThat(validate(cfg("3.6.0", body))).isEmpty();
        }

        @Test
        void hardLinkOwnerAndInsecureProxyAndWipedDisk() {
            assertThat(validate(cfg("3.3.0", "\"storage\":{\"links\":[{\"path\":\"/l\",\"target\":\"/f\","
                    + "\"hard\":true,\"group\":{\"name\":\"wheel\"}}]}")))
                    .extracting(ValidationIssue::toString)
                    .containsExactly("warning at storage.links.0.group.name: user/group ignored for hard link");
            assertThat(validate("{\"ignition\":{\"version\":\"3.2.0\",\"proxy\":{\"httpsProxy\":\"http://p\"}}}"))
                    .extracting(ValidationIssue::toString).containsExactly(
                            "warning at ignition.proxy.httpsProxy: insecure plaintext HTTP proxy specified for HTTPS resources");
            assertThat(validate(cfg("3.3.0", "\"storage\":{\"disks\":[{\"device\":\"/dev/sdb\",\"wipeTable\":true}],"
                    + "\"filesystems\":[{\"device\":\"/dev/sdb\",\"format\":\"xfs\"}]}")))
                    .extracting(ValidationIssue::toString).containsExactly("warning at storage.filesystems.0.device: "
                            + "device matches disk with wipeTable enabled; filesystem will be wiped");
        }
    }

    @Nested
    class Robustness {
        @Test
        void wrongTypesStopValidationLikeIgnitionsDecoder() {
            List<ValidationIssue> issues = validate(cfg("3.3.0",
                    "\"storage\":{\"files\":[{\"path\":\"relative\",\"mode\":true}]}"));
            assertThat(issues).extracting(ValidationIssue::toString).containsExactly(
                    "error at storage.files.0.mode: cannot unmarshal bool into a field of type int");
        }

        @Test
        void nullElementsAreZeroValues() {
            assertThat(validate(cfg("3.3.0", "\"storage\":{\"files\":[null]}")))
                    .extracting(ValidationIssue::toString)
                    .contains("error at storage.files.0.path: path not specified");
        }

        @Test
        void pathsUseJsonKeysAndIntegerIndices() {
            ValidationIssue issue = validate(cfg("3.3.0",
                    "\"storage\":{\"files\":[{\"path\":\"/a\"},{\"path\":\"/a\"}]}")).get(0);
            assertThat(issue.path()).containsExactly("storage", "files", 1);
            assertThat(issue.path().get(2)).isInstanceOf(Integer.class);
        }
    }

    static String cfg(String version, String body) {
        return "{\"ignition\":{\"version\":\"" + version + "\"}," + body + "}";
    }

    static List<ValidationIssue> validate(String config) {
        try {
            JsonNode node = JSON.readTree(config);
            return IgnitionValidator.validate(node);
        } catch (Exception e) {
            throw new AssertionError("test config is not JSON: " + config, e);
        }
    }
}
