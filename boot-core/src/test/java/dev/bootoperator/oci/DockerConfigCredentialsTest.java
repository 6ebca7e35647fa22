package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
    @TempDir
    Path dir;

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    Path config(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsAuthAndUsernamePasswordEntriesUnderDockerStyleHostKeys() throws Exception {
        DockerConfigCredentials creds = DockerConfigCredentials.load(config("""
                {"auths": {
                   "https://index.docker.io/v1/": {"auth": "%s"},
                   "ghcr.io": {"auth": "%s", "email": "ignored@example.com"},
                   "http://127.0.0.1:5000/v2/": {"username": "robot", "password": "pw"},
                   "quay.io": {}
                 },
                 "credsStore": "desktop"}
                """.formatted(b64("hubuser:hub:pass"), b64("gh:token"))));

        assertThat(creds.forRegistry("docker.io")).contains(new RegistryCredentials("hubuser", "hub:pass"));
        assertThat(creds.forRegistry("registry-1.docker.io")).contains(new RegistryCredentials("hubuser", "hub:pass"));
        assertThat(creds.forRegistry("GHCR.io")).contains(new RegistryCredentials("gh", "token"));
        assertThat(creds.forRegistry("127.0.0.1:5000")).contains(new RegistryCredentials("robot", "pw"));
        assertThat(creds.forRegistry("quay.io")).isEmpty();
        assertThat(creds.forRegistry("127.0.0.1:5001")).isEmpty();
        assertThat(creds.registries()).containsExactly("docker.io", "ghcr.io", "127.0.0.1:5000");
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope/config.json");

        assertThatThrownBy(() -> DockerConfigCredentials.load(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("--registry-config");
    }

    @Test
    void malformedContentIsAnErrorNamingTheFileAndEntry() throws Exception {
        Path notJson = config("auths: yaml?");
        assertThatThrownBy(() -> DockerConfigCredentials.load(notJson))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(notJson + ": not a Docker config.json");

        Path badBase64 = config("{\"auths\": {\"ghcr.io\": {\"auth\": \"***\"}}}");
        assertThatThrownBy(() -> DockerConfigCredentials.load(badBase64))
                .hasMessage(badBase64 + ": auths.ghcr.io.auth: not base64");

        Path noColon = config("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + b64("justuser") + "\"}}}");
        assertThatThrownBy(() -> DockerConfigCredentials.load(noColon))
                .hasMessageContaining("auths.ghcr.io.auth: the decoded value is not user:password");
    }

    @Test
    void neverPrintsPasswords() {
        RegistryCredentials credentials = new RegistryCredentials("robot", "s3cret");

        assertThat(credentials.toString()).doesNotContain("s3cret");
        assertThat(credentials.basicAuthorization()).isEqualTo("Basic " + b64("robot:s3cret"));
    }
}
