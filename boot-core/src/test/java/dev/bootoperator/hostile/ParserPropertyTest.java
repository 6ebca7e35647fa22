package dev.bootoperator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.config.ConfigLoadException;
import dev.bootoperator.config.ManifestParser;
import dev.bootoperator.ignition.ButaneException;
import dev.bootoperator.ignition.ButaneTranslator;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.http.AuthChallenge;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random and adversarial input for every text parser: each either parses or refuses with its documented
 * exception and a message, never another exception, and within 2 s.
 */
class ParserPropertyTest {

    static List<String> references() {
        return Adversarial.inputs(3000, "abcxyzABC0189./:@_-[]%\\ \t", List.of("ghcr.io/", "docker.io/", "localhost:5000/",
                "a/b", ":tag", "@sha256:", "0123456789abcdef".repeat(4), "[::1]:5000/", "..", "//", "__", "--", ":",
                "@", "a".repeat(130), "/x".repeat(130)), 300);
    }

    @Test
    void imageReferencesParseRoundTripOrAreRefusedQuotingTheInput() {
        int[] parsed = {0};
        Adversarial.forAll(references(), text -> {
            ImageReference ref;
            try {
                ref = ImageReference.parse(text);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).contains("'" + text + "'");
                return;
            }
            parsed[0]++;
            assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        });
        assertThat(parsed[0]).as("inputs that were valid references (the generator reaches the parser's success path)")
                .isGreaterThan(50);
    }

    static final List<String> VALID_YAML = List.of("""
            apiVersion: boot.ironcore.dev/v1alpha1
            kind: IPXEBootConfig
            metadata:
              name: node-1
              namespace: default
            spec:
              systemUUID: 4c4c4544-0042-3510-8056-b4c04f445931
              systemIPs: [10.0.0.5]
              kernelURL: http://images/kernel
              initrdURL: http://images/initrd
              ignitionSecretRef:
                name: node-1-ignition
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: node-1-ignition
            stringData:
              ignition: '{"ignition":{"version":"3.4.0"}}'
            """, """
            apiVersion: boot.ironcore.dev/v1alpha1
            kind: HTTPBootConfig
            metadata:
              name: node-2
            spec:
              systemUUID: 8d2e7f3a-55b1-4c1e-9a0b-2f6c3d4e5a61
              networkIdentifiers: [10.0.10.31, 3c:ec:ef:12:34:56]
              ukiURL: http://images/uki.efi
            """);

    static List<String> yaml() {
        List<String> all = new java.util.ArrayList<>(Adversarial.mutants(1500, VALID_YAML, "abc :-\n\t{}[]'\"&*!|>%@#,?",
                List.of("\n", ": ", "- ", "---\n", "&a ", "*a", "!!str ", "{", "]", "'", "\t", "~")));
        all.addAll(yamlNoise());
        return all;
    }

    static List<String> yamlNoise() {
        return Adversarial.inputs(1000, "abkindspecmetadt: -\n\t{}[]'\"&*!|>%@#,?", List.of(
                "apiVersion: boot.ironcore.dev/v1alpha1\n", "kind: IPXEBootConfig\n", "kind: HTTPBootConfig\n",
                "kind: Secret\n", "apiVersion: v1\n", "metadata:\n  name: x\n", "spec:\n", "  systemUUID: a\n",
                "  kernelURL: http://k\n", "  initrdURL: http://i\n", "  systemIPs: [1, {a: b}]\n", "---\n",
                "data:\n  ignition: '!!!'\n", "stringData: {ignition: 1}\n", "&a [*a, *a]\n", "!!binary x\n",
                "? [a]\n: b\n", "  networkIdentifiers: ~\n", "\t", "%YAML 1.2\n", "- - - -\n"), 2000);
    }

    @Test
    void configYamlLoadsOrFailsWithAConfigLoadExceptionNamingTheFile() {
        int[] loaded = {0};
        Adversarial.forAll(yaml(), text -> {
            try {
                new ManifestParser().parse("fuzz.yaml", text);
                loaded[0]++;
            } catch (ConfigLoadException e) {
                assertThat(e.getMessage()).contains("fuzz.yaml");
            }
        });
        assertThat(loaded[0]).as("inputs that loaded").isGreaterThan(20);
    }

    static final List<String> VALID_BUTANE = List.of("""
            variant: fcos
            version: 1.4.0
            storage:
              files:
                - path: /etc/hostname
                  mode: 0644
                  contents:
                    inline: node-1
              directories:
                - path: /var/lib/x
            systemd:
              units:
                - name: hello.service
                  enabled: true
                  contents: |
                    [Service]
                    ExecStart=/bin/true
            passwd:
              users:
                - name: core
                  ssh_authorized_keys: [ssh-ed25519 AAAA]
            """, """
            variant: fcos
            version: 1.6.0
            kernel_arguments:
              should_exist: [console=ttyS0]
            storage:
              links:
                - path: /etc/localtime
                  target: /usr/share/zoneinfo/UTC
            """);

    static List<String> butane() {
        List<String> all = new java.util.ArrayList<>(Adversarial.mutants(1500, VALID_BUTANE, "abc :-\n{}[]'\"0123456789",
                List.of("\n", ": ", "- ", "    ", "&a ", "*a", "mode: yes", "version: 9.9.9", "{", "'")));
        all.addAll(butaneNoise());
        return all;
    }

    static List<String> butaneNoise() {
        return Adversarial.inputs(1000, "abcdefilnoprstuvwy: -\n{}[]'\"0123456789./", List.of("variant: fcos\n",
                "version: 1.4.0\n", "version: 1.6.0\n", "version: 9.9.9\n", "storage:\n", "  files:\n",
                "    - path: /etc/x\n", "      contents:\n", "        inline: a\n", "        source: data:,x\n",
                "      mode: 0644\n", "      mode: yes\n", "systemd:\n  units:\n    - name: a.service\n",
                "passwd:\n  users:\n    - name: core\n", "kernel_arguments:\n  should_exist: [a]\n", "&a [*a]\n",
                "ignition:\n  config:\n    merge:\n      - source: http://x\n", "  trees: []\n", "---\n"), 2000);
    }

    @Test
    void butaneTranslatesOrFailsWithAButaneException() {
        ButaneTranslator translator = new ButaneTranslator();
        int[] translated = {0};
        Adversarial.forAll(butane(), text -> {
            try {
                byte[] json = translator.translate(text.getBytes(StandardCharsets.UTF_8));
                assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"ignition\"");
                translated[0]++;
            } catch (ButaneException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
        assertThat(translated[0]).as("inputs that translated").isGreaterThan(5);
    }

    static List<String> challenges() {
        return Adversarial.inputs(3000, "BearerBasic realm=\"\\,service scope", List.of("Bearer ", "Basic ", "realm=",
                "\"http://x/token\"", "service=\"s\"", "scope=\"repository:a:pull\"", ",", "\"", "\\\"", "=", " ",
                "realm=\"unterminated"), 500);
    }

    @Test
    void wwwAuthenticateHeadersParseToChallengesWithoutThrowing() {
        Adversarial.forAll(challenges(), header -> {
            List<AuthChallenge> parsed = AuthChallenge.parse(header);
            assertThat(parsed).doesNotContainNull();
        });
    }
}
