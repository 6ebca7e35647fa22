package dev.bootoperator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {
    static final String HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String DIGEST = "sha256:" + HEX;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            alpine                                    | docker.io            | library/alpine                 | latest  | -
            alpine:3.20                               | docker.io            | library/alpine                 | 3.20    | -
            user/app                                  | docker.io            | user/app                       | latest  | -
            user/app:v1.2.3-rc.1                      | docker.io            | user/app                       | v1.2.3-rc.1 | -
            docker.io/alpine                          | docker.io            | library/alpine                 | latest  | -
            index.docker.io/library/alpine:edge       | docker.io            | library/alpine                 | edge    | -
            registry-1.docker.io/user/app             | docker.io            | user/app                       | latest  | -
            ghcr.io/gardenlinux/gardenlinux:1877.0    | ghcr.io              | gardenlinux/gardenlinux        | 1877.0  | -
            GHCR.IO/gardenlinux/gardenlinux           | ghcr.io              | gardenlinux/gardenlinux        | latest  | -
            ghcr.io/a/b/c/d                           | ghcr.io              | a/b/c/d                        | latest  | -
            localhost/app                             | localhost            | app                            | latest  | -
            localhost:5000/x                          | localhost:5000       | x                              | latest  | -
            127.0.0.1:5000/x:1                        | 127.0.0.1:5000       | x                              | 1       | -
            127.0.0.1:5000/boot/os@DIGEST             | 127.0.0.1:5000       | boot/os                        | -       | DIGEST
            ghcr.io/a/b:1.0@DIGEST                    | ghcr.io              | a/b                            | 1.0     | DIGEST
            alpine@DIGEST                             | docker.io            | library/alpine                 | -       | DIGEST
            [::1]:5000/x                              | [::1]:5000           | x                              | latest  | -
            Registry/x                                | registry             | x                              | latest  | -
            registry.example.com:443/a.b/c_d/e__f/g-h | registry.example.com:443 | a.b/c_d/e__f/g-h           | latest  | -
            my-registry.local/x--y:_tag               | my-registry.local    | x--y                           | _tag    | -
            """)
    void parses(String input, String registry, String repository, String tag, String digest) {
        ImageReference ref = ImageReference.parse(input.replace("DIGEST", DIGEST));

        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(Optional.ofNullable(tag));
        assertThat(ref.digest()).isEqualTo(Optional.ofNullable(digest).map(d -> Digest.parse(DIGEST)));
    }

    static Stream<String> malformed() {
        return Stream.of("", " ", "alpine ", "Alpine", "user/App", "ghcr.io/", "ghcr.io//x", "ghcr.io/x/", "/x", "x:",
                "x:-tag", "x:.tag", "x@sha256:abc", "x@md5:" + HEX, "x@" + HEX, "x@sha256:" + HEX + "@sha256:" + HEX,
                "ghcr.io:99999/x", "ghcr.io:/x", "-bad.io/x", "bad-.io/x", "x/y_", "x/_y", "x/y..z", "x/y___z",
                "ghcr.io/x:1.0:2.0", "a\tb", "x:" + "t".repeat(129), "x@" + DIGEST.toUpperCase());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedReferencesQuotingTheInput(String input) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid image reference '" + input + "'");
    }

    @Test
    void rejectsNamesLongerThan255Characters() {
        String longName = "ghcr.io/" + "a".repeat(250);

        assertThatThrownBy(() -> ImageReference.parse(longName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 255");
    }

    @Test
    void dockerHubIsServedByRegistry1() {
        assertThat(ImageReference.parse("alpine").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("index.docker.io/alpine").apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("ghcr.io/a/b").apiHost()).isEqualTo("ghcr.io");
    }

    @Test
    void printsTheCanonicalForm() {
        assertThat(ImageReference.parse("alpine")).hasToString("docker.io/library/alpine:latest");
        assertThat(ImageReference.parse("ghcr.io/a/b:1@" + DIGEST)).hasToString("ghcr.io/a/b:1@" + DIGEST);
        assertThat(ImageReference.parse("ghcr.io/a/b@" + DIGEST)).hasToString("ghcr.io/a/b@" + DIGEST);
        assertThat(ImageReference.parse("ghcr.io/a/b:1").name()).isEqualTo("ghcr.io/a/b");
    }

    @Test
    void asksTheRegistryForTheDigestWhenThereIsOne() {
        assertThat(ImageReference.parse("ghcr.io/a/b:1").manifestReference()).isEqualTo("1");
        assertThat(ImageReference.parse("ghcr.io/a/b:1@" + DIGEST).manifestReference()).isEqualTo(DIGEST);
        assertThat(ImageReference.parse("ghcr.io/a/b:1").withDigest(Digest.parse(DIGEST)).manifestReference())
                .isEqualTo(DIGEST);
    }

    @Test
    void aliasesOfOneImageAreEqual() {
        assertThat(ImageReference.parse("alpine"))
                .isEqualTo(ImageReference.parse("docker.io/library/alpine:latest"))
                .isEqualTo(ImageReference.parse("index.docker.io/library/alpine"))
                .isEqualTo(ImageReference.parse("registry-1.docker.io/library/alpine:latest"));
    }

    @Test
    void combinesUpstreamsImageNameAndVersion() {
        assertThat(ImageReference.of("ghcr.io/gardenlinux/gardenlinux", "1877.0"))
                .isEqualTo(ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0"));
        assertThat(ImageReference.of("ghcr.io/gardenlinux/gardenlinux", DIGEST).digest()).contains(Digest.parse(DIGEST));
        assertThat(ImageReference.of("ghcr.io/gardenlinux/gardenlinux", "").tag()).contains("latest");
        assertThatThrownBy(() -> ImageReference.of("ghcr.io/x", "bad tag"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ghcr.io/x:bad tag'");
    }

    @Test
    void canonicalRegistryFoldsDockerHubAliasesAndCase() {
        assertThat(ImageReference.canonicalRegistry("Index.Docker.IO")).isEqualTo("docker.io");
        assertThat(ImageReference.canonicalRegistry("registry-1.docker.io")).isEqualTo("docker.io");
        assertThat(ImageReference.canonicalRegistry("LOCALHOST:5000")).isEqualTo("localhost:5000");
        assertThatThrownBy(() -> ImageReference.canonicalRegistry("https://ghcr.io"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'https://ghcr.io'");
    }

    @Test
    void theFamiliarNameIsUpstreamsNameInUrlsAndParsesBackToTheSameImage() {
        for (String[] c : new String[][] {
                {"ghcr.io/gardenlinux/gardenlinux:1877.0", "ghcr.io/gardenlinux/gardenlinux"},
                {"127.0.0.1:5000/boot/os:1", "127.0.0.1:5000/boot/os"},
                {"alpine", "alpine"},
                {"docker.io/library/alpine:3", "alpine"},
                {"index.docker.io/someone/os:1", "someone/os"},
                {"docker.io/library/a/b:1", "library/a/b"}}) {
            ImageReference image = ImageReference.parse(c[0]);
            assertThat(image.familiarName()).as(c[0]).isEqualTo(c[1]);
            assertThat(ImageReference.parse(image.familiarName()).name()).isEqualTo(image.name());
        }
    }
}
