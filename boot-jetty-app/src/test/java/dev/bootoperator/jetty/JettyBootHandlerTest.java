package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.servlet.BootServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's plain boot handler answers exactly as {@link BootServlet} does: the same status, headers (but the
 * date) and body for every kind of boot request, served side by side from the same {@code BootService}.
 */
class JettyBootHandlerTest {
    private static final String IPXE_UUID = "4c4c4544-0042-3510-8056-b4c04f445931";
    private static final String HTTP_UUID = "8d2e7f3a-55b1-4c1e-9a0b-2f6c3d4e5a61";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path cacheDir;
    private BootServer app;
    private Server servletOnly;

    @AfterEach
    void stop() throws Exception {
        if (servletOnly != null) {
            servletOnly.stop();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void answersEveryBootRequestAsTheBootServletDoes() throws Exception {
        Path samples = Path.of(System.getProperty("boot.samples", "../samples/local"));
        assertThat(samples.resolve("ipxe-machine.yaml")).exists();
        app = BootServer.start(BootServerMain.parse(new String[] {"--config-dir", samples.toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:0",
                "--image-cache-dir", cacheDir.toString(), "--ipxe-service-url", "http://boot.example:8082",
                "--default-httpboot-uki-url", "http://images.example/default.efi"}, Map.of()));
        servletOnly = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false); // as the app
        ServerConnector connector = new ServerConnector(servletOnly, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        servletOnly.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new BootServlet(app.servlets().bootService())), "/*");
        servletOnly.setHandler(context);
        servletOnly.start();
        String handler = "http://127.0.0.1:" + app.port();
        String servlet = "http://127.0.0.1:" + connector.getLocalPort();

        List<String[]> requests = List.of(
                new String[] {"GET", "/ipxe"},
                new String[] {"GET", "/ipxe/"},
                new String[] {"GET", "/ipxe/" + IPXE_UUID},
                new String[] {"GET", "/ipxe/" + IPXE_UUID.toUpperCase()},
                new String[] {"HEAD", "/ipxe/" + IPXE_UUID},
                new String[] {"GET", "/ipxe/ffffffff-0000-4000-8000-000000000000"},
                new String[] {"GET", "/ignition/" + IPXE_UUID},
                new String[] {"GET", "/ignition/" + HTTP_UUID},
                new String[] {"GET", "/ignition/" + IPXE_UUID + "?exp=1&sig=x"},
                new String[] {"GET", "/httpboot"},
                new String[] {"POST", "/ipxe/" + IPXE_UUID},
                new String[] {"DELETE", "/healthz"},
                new String[] {"GET", "/healthz"},
                new String[] {"GET", "/readyz"},
                new String[] {"GET", "/ipxe/" + "a".repeat(200)},
                new String[] {"GET", "/ipxe/%2e%2e"},
                new String[] {"GET", "/nothing/here"});
        for (String[] r : requests) {
            for (String xff : new String[] {null, "10.1.0.1, 192.0.2.7"}) {
                HttpResponse<byte[]> expected = send(servlet, r[0], r[1], xff);
                HttpResponse<byte[]> actual = send(handler, r[0], r[1], xff);
                String what = r[0] + " " + r[1] + (xff == null ? "" : " X-Forwarded-For " + xff);
                assertThat(actual.statusCode()).as(what).isEqualTo(expected.statusCode());
                assertThat(headers(actual)).as(what).isEqualTo(headers(expected));
                // Jetty's own error page (an ambiguous URI) names the request URL, and so the port
                assertThat(new String(actual.body(), StandardCharsets.ISO_8859_1).replace(handler, "BASE")).as(what)
                        .isEqualTo(new String(expected.body(), StandardCharsets.ISO_8859_1).replace(servlet, "BASE"));
            }
        }
    }

    private static HttpResponse<byte[]> send(String base, String method, String path, String xff) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (xff != null) {
            request.header("X-Forwarded-For", xff);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, List<String>> headers(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }
}
