package dev.bootoperator.samples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class PlainJavaBootServerTest {
    @Test
    void servesTheSampleMachinesAndStopsCleanly() throws Exception {
        Path samples = Path.of(System.getProperty("boot.samples", "../local")).toAbsolutePath();
        Server server = PlainJavaBootServer.start(samples, 0);
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            HttpResponse<String> script = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/boot/ipxe/4c4c4544-0042-3510-8056-b4c04f445931")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).startsWith("#!ipxe").contains("kernel ");
        } finally {
            server.stop();
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .as("the directory watcher stops with the server").doesNotContain("boot-config-dir-watcher");
    }
}
