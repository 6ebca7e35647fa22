package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs our fabric8 classes generate must accept and describe the same objects as upstream's
 * controller-gen CRDs: copies of upstream's files in the test resources ({@code upstream-api/}, each with its
 * provenance line), so that every clone runs the comparison.
 */
class UpstreamCrdCompatibilityTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String GROUP = "boot.ironcore.dev";
    private static final String VERSION = "v1alpha1";

    /** Schema keywords compared wherever they occur under spec and status. */
    private static final List<String> KEYWORDS =
            List.of("type", "minLength", "maxLength", "pattern", "minimum", "x-kubernetes-preserve-unknown-fields");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ipxebootconfigs", "httpbootconfigs"})
    void namesScopeAndVersionMatchUpstream(String plural) throws IOException {
        JsonNode upstream = upstream(plural);
        JsonNode ours = ours(plural);
        String crd = plural + "." + GROUP;
        List<String> diffs = new ArrayList<>();
        for (String path : List.of("/spec/group", "/spec/names/kind", "/spec/names/plural", "/spec/names/singular", "/spec/scope")) {
            same(diffs, crd, path, ours.at(path), upstream.at(path));
        }
        same(diffs, crd, "/spec/versions/*/name", versionNames(ours), versionNames(upstream));
        assertThat(ours.at("/spec/group").asText()).as("%s: /spec/group", crd).isEqualTo(GROUP);
        assertThat(diffs).as("differences from upstream").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ipxebootconfigs", "httpbootconfigs"})
    void specAndStatusSchemasMatchUpstream(String plural) throws IOException {
        JsonNode upstream = version(upstream(plural));
        JsonNode ours = version(ours(plural));
        String crd = plural + "." + GROUP;
        List<String> diffs = new ArrayList<>();
        for (String part : List.of("spec", "status")) {
            String path = "/schema/openAPIV3Schema/properties/" + part;
            assertThat(upstream.at(path).isObject()).as("%s: upstream has %s", crd, path).isTrue();
            compareSchema(diffs, crd, "/spec/versions[" + VERSION + "]" + path, ours.at(path), upstream.at(path));
        }
        assertThat(diffs).as("differences from upstream").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ipxebootconfigs", "httpbootconfigs"})
    void topLevelPropertiesAreControllerGens(String plural) throws IOException {
        JsonNode upstream = version(upstream(plural)).at("/schema/openAPIV3Schema/properties");
        JsonNode ours = version(ours(plural)).at("/schema/openAPIV3Schema/properties");
        for (String property : List.of("apiVersion", "kind", "metadata")) {
            assertThat(ours.path(property)).as("%s: openAPIV3Schema/properties/%s", plural, property)
                    .isEqualTo(upstream.path(property));
        }
        List<String> ourNames = new ArrayList<>();
        List<String> upstreamNames = new ArrayList<>();
        ours.fieldNames().forEachRemaining(ourNames::add);
        upstream.fieldNames().forEachRemaining(upstreamNames::add);
        assertThat(ourNames).as("%s: top-level schema properties", plural).containsExactlyElementsOf(upstreamNames);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ipxebootconfigs", "httpbootconfigs"})
    void printerColumnsAndSubresourcesMatchUpstream(String plural) throws IOException {
        JsonNode upstream = version(upstream(plural));
        JsonNode ours = version(ours(plural));
        String crd = plural + "." + GROUP;
        // In upstream's order (kubectl shows them so): the build's CrdLayout step undoes the generator's sorting.
        assertThat(columns(ours))
                .as("%s: /spec/versions[%s]/additionalPrinterColumns", crd, VERSION)
                .containsExactlyElementsOf(columns(upstream));
        assertThat(ours.at("/subresources"))
                .as("%s: /spec/versions[%s]/subresources", crd, VERSION)
                .isEqualTo(upstream.at("/subresources"));
        assertThat(ours.at("/subresources/status").isObject())
                .as("%s: /spec/versions[%s]/subresources/status", crd, VERSION)
                .isTrue();
    }

    @Test
    void unknownSpecAndStatusFieldsSurviveARoundTrip() throws IOException {
        String yaml =
                """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                    name: node-1
                    namespace: default
                spec:
                    systemUUID: 1234-abcd
                    systemIPs: [10.0.0.1]
                    kernelURL: http://images/kernel
                    initrdURL: http://images/initrd
                    ignitionSecretRef:
                        name: node-1-ignition
                    futureField: x
                status:
                    state: Ready
                    futureStatus:
                        nested: [1, 2]
                """;
        IPXEBootConfig config = YAML.readValue(yaml, IPXEBootConfig.class);
        assertThat(config.getSpec().getSystemUUID()).isEqualTo("1234-abcd");
        assertThat(config.getSpec().getKernelURL()).isEqualTo("http://images/kernel");
        assertThat(config.getSpec().getIgnitionSecretRef()).isEqualTo(new SecretRef("node-1-ignition"));
        assertThat(config.getStatus().getState()).isEqualTo(BootConfigStatus.READY);
        assertThat(config.getSpec().getAdditionalProperties()).containsEntry("futureField", "x");

        JsonNode written = YAML.readTree(YAML.writeValueAsString(config));
        assertThat(written.at("/spec/futureField").asText()).as("/spec/futureField").isEqualTo("x");
        assertThat(written.at("/status/futureStatus/nested/1").asInt()).as("/status/futureStatus/nested[1]").isEqualTo(2);
        assertThat(written.at("/spec/systemIPs/0").asText()).as("/spec/systemIPs[0]").isEqualTo("10.0.0.1");
        assertThat(written.at("/apiVersion").asText()).isEqualTo(GROUP + "/" + VERSION);
        assertThat(written.at("/kind").asText()).isEqualTo("IPXEBootConfig");
        assertThat(written.at("/spec/ipxeServerURL").isMissingNode()).as("unset fields stay unset").isTrue();
    }

    private static void compareSchema(List<String> diffs, String crd, String path, JsonNode ours, JsonNode upstream) {
        for (String keyword : KEYWORDS) {
            same(diffs, crd, path + "/" + keyword, ours.path(keyword), upstream.path(keyword));
        }
        same(diffs, crd, path + "/required", sorted(ours.path("required")), sorted(upstream.path("required")));
        same(diffs, crd, path + "/enum", sorted(ours.path("enum")), sorted(upstream.path("enum")));
        TreeSet<String> names = new TreeSet<>();
        ours.path("properties").fieldNames().forEachRemaining(names::add);
        upstream.path("properties").fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String child = path + "/properties/" + name;
            JsonNode o = ours.path("properties").path(name);
            JsonNode u = upstream.path("properties").path(name);
            if (o.isMissingNode() || u.isMissingNode()) {
                diffs.add(crd + ": " + child + (o.isMissingNode() ? " is missing from ours" : " is not in upstream"));
            } else {
                compareSchema(diffs, crd, child, o, u);
            }
        }
        if (ours.has("items") || upstream.has("items")) {
            compareSchema(diffs, crd, path + "/items", ours.path("items"), upstream.path("items"));
        }
        if (ours.has("additionalProperties") || upstream.has("additionalProperties")) {
            compareSchema(diffs, crd, path + "/additionalProperties", ours.path("additionalProperties"), upstream.path("additionalProperties"));
        }
    }

    private static void same(List<String> diffs, String crd, String path, Object ours, Object upstream) {
        Object o = normalise(ours);
        Object u = normalise(upstream);
        if (!Objects.equals(o, u)) {
            diffs.add(crd + ": " + path + ": ours " + o + ", upstream " + u);
        }
    }

    /** Missing nodes as null and numbers by value, so that 0 and 0.0 are the same minimum. */
    private static Object normalise(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return null;
            }
            if (node.isNumber()) {
                return node.decimalValue().stripTrailingZeros().toPlainString();
            }
            return node.isValueNode() ? node.asText() : node.toString();
        }
        return value;
    }

    private static List<String> sorted(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        values.sort(null);
        return values.isEmpty() ? null : values;
    }

    private static List<String> versionNames(JsonNode crd) {
        List<String> names = new ArrayList<>();
        crd.at("/spec/versions").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private static List<String> columns(JsonNode version) {
        List<String> columns = new ArrayList<>();
        version.path("additionalPrinterColumns").forEach(c -> columns.add(
                c.path("name").asText() + " " + c.path("type").asText() + " " + c.path("jsonPath").asText()));
        return columns;
    }

    private static JsonNode version(JsonNode crd) {
        for (JsonNode v : crd.at("/spec/versions")) {
            if (VERSION.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError(crd.at("/metadata/name").asText() + ": no version " + VERSION);
    }

    private static JsonNode ours(String plural) throws IOException {
        String resource = "META-INF/fabric8/" + plural + "." + GROUP + "-v1.yml";
        try (InputStream in = UpstreamCrdCompatibilityTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("generated CRD %s on the test classpath", resource).isNotNull();
            return YAML.readTree(in);
        }
    }

    private static JsonNode upstream(String plural) throws IOException {
        return upstream(GROUP, plural);
    }

    /** Upstream's CRD {@code <group>_<plural>.yaml}, from the copy in the test resources. */
    static JsonNode upstream(String group, String plural) throws IOException {
        String resource = "upstream-api/" + group + "_" + plural + ".yaml";
        try (InputStream in = UpstreamCrdCompatibilityTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("upstream CRD %s on the test classpath", resource).isNotNull();
            JsonNode node = YAML.readTree(in);
            assertThat(node).isInstanceOf(ObjectNode.class);
            return node;
        }
    }
}
