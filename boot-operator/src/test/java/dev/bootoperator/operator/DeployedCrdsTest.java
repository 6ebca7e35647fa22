package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/crds/} is what users {@code kubectl apply}; it must be exactly what the CRD generator writes from
 * our classes, so a change to a class cannot ship with a stale CRD. After changing a class, copy
 * {@code target/classes/META-INF/fabric8/<plural>.boot.ironcore.dev-v1.yml} to
 * {@code deploy/crds/boot.ironcore.dev_<plural>.yaml}.
 */
class DeployedCrdsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ipxebootconfigs", "httpbootconfigs"})
    void deployCrdsAreTheGeneratedOnes(String plural) throws IOException {
        String generated;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + plural + ".boot.ironcore.dev-v1.yml")) {
            assertThat(in).as("the generated CRD for " + plural).isNotNull();
            generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path deployed = Path.of("deploy/crds/boot.ironcore.dev_" + plural + ".yaml");

        assertThat(deployed).isRegularFile();
        assertThat(Files.readString(deployed, StandardCharsets.UTF_8))
                .as(deployed + " is stale: copy the generated CRD over it").isEqualTo(generated);
    }
}
