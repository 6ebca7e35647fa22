package dev.bootoperator.servlet;

import static dev.bootoperator.servlet.TestMachines.BAD_BUTANE_UUID;
import static dev.bootoperator.servlet.TestMachines.HTTP_UUID;
import static dev.bootoperator.servlet.TestMachines.IGNITION_JSON;
import static dev.bootoperator.servlet.TestMachines.MISSING_KEY_UUID;
import static dev.bootoperator.servlet.TestMachines.MISSING_SECRET_UUID;
import static dev.bootoperator.servlet.TestMachines.NO_IGNITION_REF_UUID;
import static dev.bootoperator.servlet.TestMachines.PLAIN_UUID;
import static dev.bootoperator.servlet.TestMachines.SQUASHFS_UUID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.boot.BootService;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IgnitionEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(BootService.builder(TestMachines.store(false))
                .ipxeServiceUrl(TestMachines.IPXE_SERVICE_URL).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void jsonIgnitionIsPassedThrough() throws Exception {
        HttpResponse<String> r = server.get("/ignition/" + PLAIN_UUID);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(IGNITION_JSON));
    }

    @Test
    void httpBootMachinesGetTheirIgnitionToo() throws Exception {
        HttpResponse<String> r = server.get("/ignition/" + HTTP_UUID);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(IGNITION_JSON));
    }

    @Test
    void butaneIsTranslatedToIgnition() throws Exception {
        HttpResponse<String> r = server.get("/ignition/" + SQUASHFS_UUID);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("ignition").path("version").asText()).startsWith("3.");
        assertThat(json.path("storage").path("files").get(0).path("path").asText()).isEqualTo("/etc/hostname");
        assertThat(json.path("storage").path("files").get(0).path("mode").asInt()).isEqualTo(0644);
    }

    @Test
    void unknownMachineIs404() throws Exception {
        HttpResponse<String> r = server.get("/ignition/99999999-0000-0000-0000-000000000000");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("99999999-0000-0000-0000-000000000000");
    }

    @Test
    void configWithoutIgnitionRefIs404WithTheReason() throws Exception {
        HttpResponse<String> r = server.get("/ignition/" + NO_IGNITION_REF_UUID);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("default/node-no-ref").contains("no ignitionSecretRef");
    }

    @Test
    void missingSecretIs404NamingIt() throws Exception {
        HttpResponse<String> r = server.get("/ignition/" + MISSING_SECRET_UUID);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("default/does-not-exist").contains("not found");
    }

    @Test
    void secretWithoutIgnitionKeyIs404NamingTheKey() throws Exception {
        HttpResponse<String> r = server.get("/ignition/" + MISSING_KEY_UUID);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("default/node-missing-key-ignition").contains("'ignition'");
    }

    @Test
    void butaneThatDoesNotTranslateIs500NamingTheField() throws Exception {
        HttpResponse<String> r = server.get("/ignition/" + BAD_BUTANE_UUID);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("storage.trees").contains("default/node-bad-butane-ignition")
                .doesNotContain("Exception", "\tat ");
    }
}
