package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real {@code docker-registry} with {@code auth: token}, trusting our {@link TokenServer}'s RS256
 * tokens. Pull is allowed anonymously; push needs credentials.
 */
class RegistryTokenAuthTest {
    static final String USER = "pusher";
    static final String PASSWORD = "pa55";

    @TempDir
    static Path dir;

    static TokenServer tokens;
    static LocalRegistry registry;
    static TestImages images;

    @BeforeAll
    static void startRegistryAndPush() {
        tokens = TokenServer.start(dir, USER, PASSWORD, true);
        registry = LocalRegistry.token(dir, tokens, USER, PASSWORD);
        images = new TestImages(dir);
        images.multiArch.push(registry, TestImages.MULTI_ARCH, TestImages.TAG);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @BeforeEach
    void forgetTokenRequests() {
        tokens.reset();
        tokens.expiresIn(300);
    }

    static RegistryClient client(DockerConfigCredentials credentials) {
        return RegistryClient.builder()
                .policy(RegistryPolicy.fromCsv(registry.address(), registry.address()))
                .credentials(credentials)
                .build();
    }

    @Test
    void fetchesAPullTokenWithCredentialsAndReusesItUntilItExpires() throws Exception {
        RegistryClient client = client(DockerConfigCredentials.of(
                Map.of(registry.address(), new RegistryCredentials(USER, PASSWORD))));
        ImageReference ref = TestImages.reference(registry, TestImages.MULTI_ARCH);

        ResolvedImage image = client.resolve(ref);
        client.resolve(ref);
        try (FetchedBlob blob = client.openBlob(ref, image.findLayer(LayerKind.SQUASHFS).digest())) {
            assertThat(Digest.of(blob.body().readAllBytes())).isEqualTo(images.amd64Squashfs.digest());
        }

        assertThat(image.manifestDigest()).isEqualTo(images.amd64Manifest.digest());
        assertThat(tokens.authorizations()).hasSize(1).allMatch(a -> a.startsWith("Basic "));
        assertThat(tokens.scopes()).containsExactly("repository:" + TestImages.MULTI_ARCH + ":pull");
    }

    @Test
    void pullsAnonymouslyWhenTheTokenServerAllowsIt() throws Exception {
        ResolvedImage image = client(DockerConfigCredentials.none())
                .resolve(TestImages.reference(registry, TestImages.MULTI_ARCH), PlatformSelector.pxe("arm64"));

        assertThat(image.manifestDigest()).isEqualTo(images.arm64Manifest.digest());
        assertThat(tokens.authorizations()).containsExactly("");
    }

    @Test
    void anExpiredTokenIsFetchedAgain() throws Exception {
        tokens.expiresIn(1);
        RegistryClient client = client(DockerConfigCredentials.none());
        ImageReference ref = TestImages.reference(registry, TestImages.MULTI_ARCH);

        client.resolve(ref);
        Thread.sleep(1100);
        client.resolve(ref);

        assertThat(tokens.authorizations()).hasSize(2);
    }

    @Test
    void credentialsTheTokenServerRefusesAreAnAuthError() {
        RegistryClient client = client(DockerConfigCredentials.of(
                Map.of(registry.address(), new RegistryCredentials(USER, "wrong"))));

        assertThatThrownBy(() -> client.resolve(TestImages.reference(registry, TestImages.MULTI_ARCH)))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("token")
                .hasMessageContaining(registry.address())
                .hasMessageContaining("401")
                .hasMessageContaining(USER);
    }
}
