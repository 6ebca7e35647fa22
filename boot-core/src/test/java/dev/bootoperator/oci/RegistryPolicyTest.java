package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryPolicyTest {

    @Test
    void anEmptyAllowlistAllowsOnlyGhcr() {
        for (RegistryPolicy policy : List.of(RegistryPolicy.defaults(), RegistryPolicy.fromCsv("", ""),
                RegistryPolicy.fromCsv(null, null), RegistryPolicy.fromCsv(" , ", ""))) {
            assertThat(policy.allowed()).containsExactly("ghcr.io");
            assertThatCode(() -> policy.check(ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0")))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> policy.check(ImageReference.parse("alpine")))
                    .isInstanceOf(RegistryNotAllowedException.class);
        }
    }

    @Test
    void refusesNamingTheRegistryTheImageAndTheAllowlist() {
        RegistryPolicy policy = RegistryPolicy.fromCsv("ghcr.io, 127.0.0.1:5000", "");

        assertThatThrownBy(() -> policy.check(ImageReference.parse("quay.io/org/image:1")))
                .isInstanceOf(RegistryNotAllowedException.class)
                .isInstanceOf(RegistryException.class)
                .hasMessage("registry quay.io is not allowed for image quay.io/org/image:1; allowed: "
                        + "ghcr.io,127.0.0.1:5000 (--allowed-registries)")
                .extracting(e -> ((RegistryException) e).registry()).isEqualTo("quay.io");
    }

    @Test
    void comparesCanonicalNames() {
        RegistryPolicy policy = RegistryPolicy.fromCsv("Index.Docker.IO,GHCR.io", "");

        assertThat(policy.allows("docker.io")).isTrue();
        assertThat(policy.allows("registry-1.docker.io")).isTrue();
        assertThatCode(() -> policy.check(ImageReference.parse("alpine"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(ImageReference.parse("ghcr.io/a/b"))).doesNotThrowAnyException();
    }

    @Test
    void portsAreDistinctRegistries() {
        RegistryPolicy policy = RegistryPolicy.fromCsv("127.0.0.1:5000", "");

        assertThat(policy.allows("127.0.0.1:5000")).isTrue();
        assertThat(policy.allows("127.0.0.1:5001")).isFalse();
        assertThat(policy.allows("127.0.0.1")).isFalse();
    }

    @Test
    void insecureRegistriesAreReachedOverHttpButNotAllowedByThat() {
        RegistryPolicy policy = RegistryPolicy.fromCsv("ghcr.io,localhost:5000", "localhost:5000,127.0.0.1:5000");

        assertThat(policy.scheme("localhost:5000")).isEqualTo("http");
        assertThat(policy.scheme("ghcr.io")).isEqualTo("https");
        assertThat(policy.isInsecure("127.0.0.1:5000")).isTrue();
        assertThatThrownBy(() -> policy.check(ImageReference.parse("127.0.0.1:5000/x")))
                .isInstanceOf(RegistryNotAllowedException.class)
                .hasMessageContaining("listed in --insecure-registries");
    }

    @Test
    void rejectsEntriesThatAreNotHostAndPortNamingTheFlag() {
        assertThatThrownBy(() -> RegistryPolicy.fromCsv("ghcr.io,https://quay.io", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--allowed-registries: 'https://quay.io'");
        assertThatThrownBy(() -> RegistryPolicy.fromCsv("", "ghcr.io/org"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--insecure-registries: 'ghcr.io/org'");
    }
}
