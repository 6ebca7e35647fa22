package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageServerUrlTest {
    private static final Digest UKI = Digest.parse("sha256:" + "ab".repeat(32));

    @Test
    void aGoUsersValueGivesGosUrlByteForByte() {
        // upstream: fmt.Sprintf("%s/%s/sha256-%s.efi", ImageServerURL, FamiliarName(image), hex)
        ImageServerUrl url = ImageServerUrl.of("http://boot:8083/httpboot");

        assertThat(url.httpbootAppended()).isFalse();
        assertThat(url.ukiUrl(ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0"), UKI))
                .isEqualTo("http://boot:8083/httpboot/ghcr.io/gardenlinux/gardenlinux/sha256-" + "ab".repeat(32) + ".efi");
    }

    @Test
    void anyPathIsThePrefixAsGiven() {
        ImageServerUrl url = ImageServerUrl.of("https://lb.example/boot/uki/");

        assertThat(url.prefix()).isEqualTo("https://lb.example/boot/uki");
        assertThat(url.ukiUrl(ImageReference.parse("127.0.0.1:5000/os/image@sha256:" + "cd".repeat(32)), UKI))
                .isEqualTo("https://lb.example/boot/uki/127.0.0.1:5000/os/image/sha256-" + "ab".repeat(32) + ".efi");
    }

    @Test
    void aUrlWithoutAPathGetsHttpbootAndSaysSo() {
        for (String given : new String[] {"http://boot:8083", "http://boot:8083/", " http://boot:8083// "}) {
            ImageServerUrl url = ImageServerUrl.of(given);
            assertThat(url.prefix()).as(given).isEqualTo("http://boot:8083/httpboot");
            assertThat(url.httpbootAppended()).isTrue();
        }
        assertThat(ImageServerUrl.of("http://boot:8083").appendedNote("--image-server-url"))
                .contains("--image-server-url http://boot:8083 has no path", "http://boot:8083/httpboot");
        assertThat(ImageServerUrl.of(ImageServerUrl.of("http://boot:8083").prefix()).httpbootAppended())
                .as("idempotent").isFalse();
    }

    @Test
    void dockerHubImagesUseTheFamiliarNameAsUpstream() {
        assertThat(ImageServerUrl.of("http://b/httpboot").ukiUrl(ImageReference.parse("docker.io/library/alpine:3"), UKI))
                .startsWith("http://b/httpboot/alpine/sha256-");
        assertThat(ImageServerUrl.of("http://b/httpboot").ukiUrl(ImageReference.parse("someone/os:1"), UKI))
                .startsWith("http://b/httpboot/someone/os/sha256-");
    }

    @Test
    void somethingThatIsNotAnHttpUrlIsRefusedNamingIt() {
        assertThatThrownBy(() -> ImageServerUrl.of("boot:8083")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'boot:8083'").hasMessageContaining("http(s)://HOST");
        assertThatThrownBy(() -> ImageServerUrl.of("http://boot/x?y=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> ImageServerUrl.of("http://bo ot")).hasMessageContaining("not a URL");
    }
}
