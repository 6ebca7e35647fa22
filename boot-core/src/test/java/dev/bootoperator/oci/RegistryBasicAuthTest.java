package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real {@code docker-registry} with htpasswd (Basic) authentication. */
class RegistryBasicAuthTest {
    static final String USER = "robot";
    static final String PASSWORD = "s3cret:with:colons";

    @TempDir
    static Path dir;

    static LocalRegistry registry;
    static TestImages images;

    @BeforeAll
    static void startRegistryAndPush() {
        registry = LocalRegistry.htpasswd(dir, USER, PASSWORD);
        images = new TestImages(dir);
        images.multiArch.push(registry, TestImages.MULTI_ARCH, TestImages.TAG);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    static RegistryClient client(DockerConfigCredentials credentials) {
        return RegistryClient.builder()
                .policy(RegistryPolicy.fromCsv(registry.address(), registry.address()))
                .credentials(credentials)
                .build();
    }

    @Test
    void resolvesAndStreamsWithCredentialsFromADockerConfigJson() throws Exception {
        Path config = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\": {\"http://" + registry.address() + "/v2/\": {\"auth\": \"" + auth + "\"}}}");
        RegistryClient client = client(DockerConfigCredentials.load(config));
        ImageReference ref = TestImages.reference(registry, TestImages.MULTI_ARCH);

        ResolvedImage image = client.resolve(ref);
        LayerDescriptor kernel = image.findLayer(LayerKind.KERNEL);

        assertThat(image.manifestDigest()).isEqualTo(images.amd64Manifest.digest());
        try (FetchedBlob blob = client.openBlob(ref, kernel.digest())) {
            assertThat(blob.body().readAllBytes()).isEqualTo(images.multiArch.content(kernel.digest()));
        }
    }

    @Test
    void withoutCredentialsItIsAnAuthErrorNamingTheRegistryAndTheFlag() {
        RegistryClient client = client(DockerConfigCredentials.none());

        assertThatThrownBy(() -> client.resolve(TestImages.reference(registry, TestImages.MULTI_ARCH)))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining(registry.address())
                .hasMessageContaining(TestImages.MULTI_ARCH)
                .hasMessageContaining("--registry-config");
    }

    @Test
    void aWrongPasswordIsAnAuthErrorWithoutRetryingForever() {
        RegistryClient client = client(DockerConfigCredentials.of(
                Map.of(registry.address(), new RegistryCredentials(USER, "wrong"))));

        assertThatThrownBy(() -> client.resolve(TestImages.reference(registry, TestImages.MULTI_ARCH)))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("manifest 1.0 of " + registry.address() + "/" + TestImages.MULTI_ARCH)
                .hasMessageNotContaining("wrong");
    }
}
