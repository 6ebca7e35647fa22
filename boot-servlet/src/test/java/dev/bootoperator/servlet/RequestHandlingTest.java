package dev.bootoperator.servlet;

import static dev.bootoperator.servlet.TestMachines.IPXE_SERVICE_URL;
import static dev.bootoperator.servlet.TestMachines.KERNEL;
import static dev.bootoperator.servlet.TestMachines.SQUASHFS_UUID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.boot.BootService;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Methods, path validation, HEAD, health and mounting: what holds for every endpoint. */
class RequestHandlingTest {
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(boot());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static BootService boot() {
        return BootService.builder(TestMachines.store(false)).ipxeServiceUrl(IPXE_SERVICE_URL).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void otherMethodsAre405WithAllowHeader(String method) throws Exception {
        HttpResponse<String> r = server.send(method, "/ipxe/" + SQUASHFS_UUID);

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void dotDotSegmentSentUnnormalisedIs400() throws Exception {
        String response = server.rawGet("/ipxe/../etc/passwd");

        assertThat(statusLine(response)).startsWith("HTTP/1.1 400");
        assertThat(response).doesNotContain("root:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ipxe/%2e%2e/etc/passwd", "/ipxe/%2E%2E", "/ignition/abc%2Fdef", "/ipxe/abc%2fdef"})
    void encodedDotDotAndEncodedSlashAre400(String rawPath) throws Exception {
        assertThat(server.get(rawPath).statusCode()).isEqualTo(400);
        assertThat(statusLine(server.rawGet(rawPath))).startsWith("HTTP/1.1 400");
    }

    @Test
    void traversalThroughIgnitionIs400AndLeaksNoFile() throws Exception {
        String rawPath = "/ignition/..%2F..%2Fetc%2Fpasswd";

        HttpResponse<String> r = server.get(rawPath);
        String raw = server.rawGet(rawPath);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("root:", "/bin/", "nologin");
        assertThat(statusLine(raw)).startsWith("HTTP/1.1 400");
        assertThat(raw).doesNotContain("root:", "/bin/", "nologin");
    }

    @Test
    void uuidLongerThan128CharactersIs400() throws Exception {
        HttpResponse<String> r = server.get("/ipxe/" + "a".repeat(BootService.MAX_UUID_LENGTH + 1));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("longer than 128");
    }

    @Test
    void headAnswersHeadersWithoutBody() throws Exception {
        HttpResponse<String> get = server.get("/ipxe/" + SQUASHFS_UUID);
        HttpResponse<String> head = server.send("HEAD", "/ipxe/" + SQUASHFS_UUID);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
        assertThat(head.headers().firstValueAsLong("Content-Length"))
                .hasValue(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/readyz"})
    void healthEndpointsAnswer200(String path) throws Exception {
        assertThat(server.get(path).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/nope", "/ipxefoo", "/metrics", "/healthz/extra"})
    void unknownPathIs404(String path) throws Exception {
        assertThat(server.get(path).statusCode()).isEqualTo(404);
    }

    @Test
    void responsesCarryContentLengthAndNoServerInternals() throws Exception {
        HttpResponse<String> r = server.get("/ipxe/" + SQUASHFS_UUID);

        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void routesRelativeToContextPathAndServletPath() throws Exception {
        try (RunningServer mounted = RunningServer.start(boot(), "/boot", "/x/*")) {
            HttpResponse<String> script = mounted.get("/boot/x/ipxe/" + SQUASHFS_UUID);
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).contains("kernel " + KERNEL);
            assertThat(mounted.get("/boot/x/ipxe").body()).contains("chain --replace");
            assertThat(mounted.get("/boot/x/healthz").statusCode()).isEqualTo(200);
            assertThat(mounted.get("/boot/x/x/healthz").statusCode()).isEqualTo(404);
            assertThat(mounted.get("/boot/x/ipxe/%2e%2e").statusCode()).isEqualTo(400);
            assertThat(mounted.get("/boot/healthz").statusCode()).isEqualTo(404);
        }
    }

    private static String statusLine(String rawResponse) {
        int end = rawResponse.indexOf("\r\n");
        return end < 0 ? rawResponse : rawResponse.substring(0, end);
    }
}
