package dev.bootoperator.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots the Spring application on a free port with the sample configs and calls its controller and our servlets. */
class ProvisioningApplicationTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path cacheDir;

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesItsOwnControllerAndTheBootEndpointsSideBySide() throws Exception {
        Path samples = Path.of(System.getProperty("boot.samples", "../local")).toAbsolutePath();
        try (ConfigurableApplicationContext app = SpringApplication.run(ProvisioningApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--boot.config-dir=" + samples,
                "--boot.ipxe-service-url=http://10.0.0.1:8080/boot", "--boot.image-cache-dir=" + cacheDir)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port;

            HttpResponse<String> machines = get(base + "/api/machines");
            HttpResponse<String> script = get(base + "/boot/ipxe/4c4c4544-0042-3510-8056-b4c04f445931");
            HttpResponse<String> ignition = get(base + "/boot/ignition/4c4c4544-0042-3510-8056-b4c04f445931");

            assertThat(machines.statusCode()).isEqualTo(200);
            assertThat(machines.body()).contains("IPXEBootConfig", "HTTPBootConfig");
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).startsWith("#!ipxe").contains("set ipxe-svc http://10.0.0.1:8080/boot");
            assertThat(ignition.statusCode()).isEqualTo(200);
            assertThat(ignition.body()).contains("\"ignition\"");
        }
    }
}
