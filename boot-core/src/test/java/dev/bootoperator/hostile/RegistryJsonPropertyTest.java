package dev.bootoperator.hostile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bootoperator.oci.ImageReference;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryException;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.oci.ResolvedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registry JSON from a hostile or broken registry (WireMock serving mutated manifests and indexes, and noise):
 * resolving either succeeds or fails with a {@link RegistryException} naming the registry, within 2 s.
 */
class RegistryJsonPropertyTest {
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    static final String MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%1$s","size":2},
             "layers":[{"mediaType":"application/vnd.ironcore.image.kernel","digest":"%1$s","size":12,
                        "annotations":{"org.opencontainers.image.title":"vmlinuz"}}]}""".formatted(DIGEST);
    static final String INDEX = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
             "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%1$s","size":300,
                           "platform":{"os":"linux","architecture":"amd64"}},
                          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%1$s","size":300,
                           "annotations":{"cname":"metal_pxe_amd64","architecture":"amd64"}}]}""".formatted(DIGEST);

    static WireMockServer registry;

    @BeforeAll
    static void start() {
        registry = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        registry.start();
    }

    @AfterAll
    static void stop() {
        registry.stop();
    }

    @Test
    void anyManifestBodyResolvesOrFailsAsARegistryException() throws Exception {
        String address = "127.0.0.1:" + registry.port();
        List<String> bodies = new java.util.ArrayList<>(Adversarial.mutants(1200, List.of(MANIFEST, INDEX),
                "{}[]\":,0123456789abcdefnulltrue ", List.of("null", "[]", "{}", "\"size\":-1", "\"size\":1e999",
                        "\"digest\":\"sha256:zz\"", "\"layers\":null", "\"manifests\":[null]", "\\u0000", ",,")));
        bodies.addAll(Adversarial.inputs(300, "{}[]\":,0123456789 abc", List.of("{\"layers\":", "[", "\""), 400));
        int[] resolved = {0};
        try (RegistryClient client = RegistryClient.builder().policy(RegistryPolicy.fromCsv(address, address)).build()) {
            registry.stubFor(get("/v2/").willReturn(ok("{}")));
            Adversarial.forAll(bodies, body -> {
                registry.stubFor(get(urlEqualTo("/v2/os/manifests/1.0")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", body.contains("index") ? "application/vnd.oci.image.index.v1+json"
                                : "application/vnd.oci.image.manifest.v1+json")
                        .withBody(body.getBytes(StandardCharsets.UTF_8))));
                try {
                    ResolvedImage image = client.resolve(ImageReference.parse(address + "/os:1.0"));
                    assertThat(image.layers()).doesNotContainNull();
                    resolved[0]++;
                } catch (RegistryException e) {
                    assertThat(e.registry()).isEqualTo(address);
                    assertThat(e.getMessage()).isNotBlank();
                }
            });
        }
        assertThat(resolved[0]).as("bodies that resolved").isGreaterThan(20);
    }
}
