package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bootoperator.operator.metal.Server;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our read-only views of metal-operator's Server and ServerBootConfiguration map a subset of upstream's
 * fields: every field we declare must exist upstream with the same type, so that we read what
 * metal-operator writes. The exceptions are the fields the boot-operator API documents but the pinned
 * upstream snapshot does not have yet; they are listed here, so that any other drift fails.
 */
class MetalCrdCompatibilityTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Fields we read that the pinned metal-operator CRDs do not define (newer metal-operator API). */
    private static final Set<String> NOT_YET_UPSTREAM = Set.of(
            "servers: /spec/properties/maintenanceBootConfigurationRef",
            "serverbootconfigurations: /spec/properties/bootMethod",
            "serverbootconfigurations: /spec/properties/bootMode");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"servers", "serverbootconfigurations"})
    void namesAndScopeMatchUpstream(String plural) throws IOException {
        JsonNode upstream = UpstreamCrdCompatibilityTest.upstream(Server.GROUP, plural);
        JsonNode ours = ours(plural);
        for (String path : List.of("/spec/group", "/spec/names/kind", "/spec/names/plural", "/spec/scope")) {
            assertThat(ours.at(path).asText()).as("%s: %s", plural, path).isEqualTo(upstream.at(path).asText());
        }
        assertThat(version(ours).at("/subresources/status").isObject()).as("%s: status subresource", plural).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"servers", "serverbootconfigurations"})
    void everyFieldWeReadExistsUpstreamWithTheSameType(String plural) throws IOException {
        JsonNode upstream = version(UpstreamCrdCompatibilityTest.upstream(Server.GROUP, plural)).at("/schema/openAPIV3Schema/properties");
        JsonNode ours = version(ours(plural)).at("/schema/openAPIV3Schema/properties");
        List<String> diffs = new ArrayList<>();
        List<String> additions = new ArrayList<>();
        for (String part : List.of("spec", "status")) {
            subset(diffs, additions, plural, "/" + part, ours.path(part), upstream.path(part));
        }
        assertThat(diffs).as("fields we read that upstream types differently or lacks").isEmpty();
        assertThat(additions).as("fields we read that the pinned upstream does not define")
                .containsExactlyInAnyOrderElementsOf(NOT_YET_UPSTREAM.stream().filter(a -> a.startsWith(plural + ":")).toList());
    }

    private static void subset(List<String> diffs, List<String> additions, String crd, String path, JsonNode ours, JsonNode upstream) {
        if (!ours.path("type").asText().equals(upstream.path("type").asText())) {
            diffs.add(crd + ": " + path + ": ours " + ours.path("type").asText() + ", upstream " + upstream.path("type").asText());
            return;
        }
        ours.path("properties").fieldNames().forEachRemaining(name -> {
            String child = path + "/properties/" + name;
            JsonNode u = upstream.path("properties").path(name);
            if (u.isMissingNode()) {
                additions.add(crd + ": " + child);
            } else {
                subset(diffs, additions, crd, child, ours.path("properties").path(name), u);
            }
        });
        if (ours.has("items")) {
            subset(diffs, additions, crd, path + "/items", ours.path("items"), upstream.path("items"));
        }
    }

    private static JsonNode version(JsonNode crd) {
        for (JsonNode v : crd.at("/spec/versions")) {
            if (Server.VERSION.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError(crd.at("/metadata/name").asText() + ": no version " + Server.VERSION);
    }

    private static JsonNode ours(String plural) throws IOException {
        String resource = "META-INF/fabric8-metal/" + plural + "." + Server.GROUP + "-v1.yml";
        try (InputStream in = MetalCrdCompatibilityTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("generated CRD %s on the test classpath", resource).isNotNull();
            return YAML.readTree(in);
        }
    }
}
