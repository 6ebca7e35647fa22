package dev.bootoperator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    private final ManifestParser parser = new ManifestParser();

    @Test
    void parsesEveryIpxeBootConfigField() throws Exception {
        List<BootResource> r = parser.parse("m.yaml", """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: node-1
                  namespace: metal
                spec:
                  systemUUID: 4C4C4544-0042
                  systemIPs: [10.0.0.5, "fe80::1"]
                  image: ghcr.io/gardenlinux/gardenlinux:1877.0
                  kernelURL: http://k
                  initrdURL: http://i
                  squashfsURL: http://s
                  ipxeServerURL: http://old
                  ignitionSecretRef: {name: ign}
                  ipxeScriptSecretRef: {name: script}
                """);
        assertThat(r).containsExactly(new IpxeBootConfig(new ObjectKey("metal", "node-1"), "4C4C4544-0042",
                List.of("10.0.0.5", "fe80::1"), Optional.of("ghcr.io/gardenlinux/gardenlinux:1877.0"), "http://k", "http://i",
                Optional.of("http://s"), Optional.of("http://old"), Optional.of("ign"), Optional.of("script")));
    }

    @Test
    void parsesHttpBootConfigAndDefaultsTheNamespace() throws Exception {
        List<BootResource> r = parser.parse("m.yaml", """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: HTTPBootConfig
                metadata: {name: node-2}
                spec:
                  systemUUID: abc
                  networkIdentifiers: [10.0.0.6, "AA-BB-CC-DD-EE-FF"]
                  ukiURL: http://uki
                  ignitionSecretRef: {name: ign}
                """);
        assertThat(r).containsExactly(new HttpBootConfig(ObjectKey.of("default", "node-2"), "abc",
                List.of("10.0.0.6", "AA-BB-CC-DD-EE-FF"), Optional.of("http://uki"), Optional.of("ign")));
    }

    @Test
    void secretMergesBase64DataWithStringDataWhichWins() throws Exception {
        List<BootResource> r = parser.parse("s.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: ign}
                data:
                  ignition: eyJpZ25pdGlvbiI6e319
                  format: Zm9v
                stringData:
                  format: fcos
                """);
        Secret s = (Secret) r.get(0);
        assertThat(s.key()).isEqualTo(new ObjectKey("default", "ign"));
        assertThat(new String(s.value("ignition").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"ignition\":{}}");
        assertThat(s.text("format")).contains("fcos");
    }

    @Test
    void readsMultipleDocumentsAndSkipsUnknownKinds() throws Exception {
        List<BootResource> r = parser.parse("multi.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: other}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: a}
                stringData: {ignition: "{}"}
                ---
                ---
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata: {name: b}
                spec: {kernelURL: k, initrdURL: i}
                """);
        assertThat(r).extracting(BootResource::kind).containsExactly("Secret", "IPXEBootConfig");
    }

    @Test
    void missingRequiredFieldNamesFileDocumentLineAndField() {
        assertThatThrownBy(() -> parser.parse("machines/rack1.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: a}
                ---
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata: {name: b}
                spec:
                  initrdURL: i
                """))
                .isInstanceOfSatisfying(ConfigLoadException.class, e -> {
                    assertThat(e.source()).isEqualTo("machines/rack1.yaml");
                    assertThat(e.documentIndex()).isEqualTo(1);
                    assertThat(e.field()).isEqualTo("spec.kernelURL");
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.getMessage()).isEqualTo("machines/rack1.yaml:5 (document 1): spec.kernelURL: is required");
                });
    }

    @Test
    void missingNameIsAnError() {
        assertThatThrownBy(() -> parser.parse("x.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {}\n"))
                .isInstanceOfSatisfying(ConfigLoadException.class, e -> assertThat(e.field()).isEqualTo("metadata.name"));
    }

    @Test
    void invalidYamlReportsTheLine() {
        assertThatThrownBy(() -> parser.parse("bad.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: [unclosed\n"))
                .isInstanceOfSatisfying(ConfigLoadException.class, e -> {
                    assertThat(e.getMessage()).startsWith("bad.yaml:").contains("invalid YAML");
                    assertThat(e.line()).isGreaterThanOrEqualTo(4);
                });
    }

    @Test
    void wrongApiVersionAndWrongTypesAreErrorsNamingTheField() {
        assertThatThrownBy(() -> parser.parse("x.yaml", """
                apiVersion: boot.ironcore.dev/v1beta9
                kind: IPXEBootConfig
                metadata: {name: b}
                spec: {kernelURL: k, initrdURL: i}
                """)).isInstanceOfSatisfying(ConfigLoadException.class, e -> assertThat(e.field()).isEqualTo("apiVersion"));
        assertThatThrownBy(() -> parser.parse("x.yaml", """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata: {name: b}
                spec: {kernelURL: k, initrdURL: i, systemIPs: 10.0.0.1}
                """)).isInstanceOfSatisfying(ConfigLoadException.class, e -> assertThat(e.field()).isEqualTo("spec.systemIPs"));
        assertThatThrownBy(() -> parser.parse("x.yaml", """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: HTTPBootConfig
                metadata: {name: b}
                spec: {ignitionSecretRef: {}}
                """)).isInstanceOfSatisfying(ConfigLoadException.class,
                e -> assertThat(e.field()).isEqualTo("spec.ignitionSecretRef.name"));
        assertThatThrownBy(() -> parser.parse("x.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {ignition: '***'}\n"))
                .isInstanceOfSatisfying(ConfigLoadException.class, e -> assertThat(e.field()).isEqualTo("data.ignition"));
    }

    @Test
    void aScalarDocumentIsAnError() {
        assertThatThrownBy(() -> parser.parse("x.yaml", "just a string\n"))
                .isInstanceOf(ConfigLoadException.class).hasMessageContaining("must be a YAML mapping");
    }
}
