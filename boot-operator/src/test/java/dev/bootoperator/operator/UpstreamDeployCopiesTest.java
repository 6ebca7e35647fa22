package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The copies of upstream's manifests that UpstreamDeploymentIT runs (src/test/resources/upstream/) are still what
 * {@code ../shared/upstream-deploy} renders. Where that checkout is absent (a bare clone) this check reports itself
 * skipped; the IT itself never needs it.
 */
class UpstreamDeployCopiesTest {
    private static final Path UPSTREAM = Path.of("../../shared/upstream-deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theRenderedDeploymentAndTheHelmValuesAreUpstreamsUnmodified() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(UPSTREAM), "no " + UPSTREAM.toAbsolutePath()
                + ": the copies cannot be compared with upstream's manifests here");
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", UPSTREAM.resolve("config/default").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed (Debian: apt-get install kubernetes-client)", e);
        }
        String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(rendered).isZero();
        List<JsonNode> docs = new ArrayList<>();
        YAML.readValues(YAML.getFactory().createParser(rendered), JsonNode.class).forEachRemaining(docs::add);
        JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst()
                .orElseThrow();

        assertThat(resource("config-default-deployment.yaml")).isEqualTo(deployment);
        assertThat(resource("chart-values.yaml")).isEqualTo(YAML.readTree(UPSTREAM.resolve("dist/chart/values.yaml").toFile()));
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = UpstreamDeployCopiesTest.class.getResourceAsStream("/upstream/" + name)) {
            return YAML.readTree(in);
        }
    }
}
