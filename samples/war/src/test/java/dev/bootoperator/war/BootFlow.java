package dev.bootoperator.war;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import dev.bootoperator.store.DirectoryBootConfigStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/**
 * The boot flow a machine goes through, against a deployed WAR at {@code base} (context path included):
 * {@code /ipxe/{uuid}}, {@code /ignition/{uuid}} from Butane, {@code /httpboot}, and a layer through {@code /image}.
 */
final class BootFlow {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private BootFlow() {
    }

    static Path samples() {
        return Path.of(System.getProperty("boot.samples", "../local")).toAbsolutePath();
    }

    static Path war() {
        return Path.of(System.getProperty("boot.war", "target/boot.war")).toAbsolutePath();
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the flow; {@code ipxeServiceUrl} is what the WAR was configured with. */
    static void run(String base, String ipxeServiceUrl, LocalRegistry registry, TestImages images) throws Exception {
        Collection<BootResource> manifests;
        try (DirectoryBootConfigStore store = DirectoryBootConfigStore.load(samples())) {
            manifests = store.all();
        }
        IpxeBootConfig ipxe = manifests.stream().filter(IpxeBootConfig.class::isInstance).map(IpxeBootConfig.class::cast)
                .findFirst().orElseThrow();
        HttpBootConfig http = manifests.stream().filter(HttpBootConfig.class::isInstance).map(HttpBootConfig.class::cast)
                .findFirst().orElseThrow();

        HttpResponse<String> script = get(base + "/ipxe/" + ipxe.systemUuid());
        assertThat(script.statusCode()).as(script.body()).isEqualTo(200);
        assertThat(script.body()).contains("kernel " + ipxe.kernelUrl(), "set ipxe-svc " + ipxeServiceUrl);

        HttpResponse<String> ignition = get(base + "/ignition/" + ipxe.systemUuid());
        assertThat(ignition.statusCode()).as(ignition.body()).isEqualTo(200);
        assertThat(JSON.readTree(ignition.body()).path("ignition").path("version").asText()).startsWith("3.");

        String ip = http.networkIdentifiers().stream().filter(id -> id.matches("[0-9.]+")).findFirst().orElseThrow();
        HttpResponse<String> boot = get(base + "/httpboot", "X-Forwarded-For", ip);
        assertThat(boot.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(boot.body());
        assertThat(answer.path("UKIURL").asText()).isEqualTo(http.ukiUrl().orElseThrow());
        assertThat(answer.path("SystemUUID").asText()).isEqualTo(http.systemUuid());

        HttpResponse<byte[]> layer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/image?imageName="
                        + registry.address() + "/" + TestImages.MULTI_ARCH + "&version=" + TestImages.TAG + "&layerDigest="
                        + images.amd64Kernel.digest())).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(layer.statusCode()).isEqualTo(200);
        assertThat(layer.body()).isEqualTo(images.multiArch.content(images.amd64Kernel.digest()));
    }
}
