package dev.bootoperator.servlet;

import static dev.bootoperator.servlet.TestMachines.DEFAULT_UKI;
import static dev.bootoperator.servlet.TestMachines.HTTP_IP;
import static dev.bootoperator.servlet.TestMachines.HTTP_UKI;
import static dev.bootoperator.servlet.TestMachines.HTTP_UUID;
import static dev.bootoperator.servlet.TestMachines.LOOPBACK_UKI;
import static dev.bootoperator.servlet.TestMachines.LOOPBACK_UUID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.boot.BootService;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpBootEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningServer withDefault;
    private static RunningServer withoutDefault;

    @BeforeAll
    static void start() throws Exception {
        withDefault = RunningServer.start(BootService.builder(TestMachines.store(true)).defaultUkiUrl(DEFAULT_UKI).build());
        withoutDefault = RunningServer.start(BootService.builder(TestMachines.store(false)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        withDefault.close();
        withoutDefault.close();
    }

    @Test
    void forwardedIpMatchesANetworkIdentifier() throws Exception {
        JsonNode json = json(withDefault.get("/httpboot", "X-Forwarded-For", HTTP_IP));

        assertThat(json.path("ClientIPs").asText()).isEqualTo(HTTP_IP);
        assertThat(json.path("UKIURL").asText()).isEqualTo(HTTP_UKI);
        assertThat(json.path("SystemUUID").asText()).isEqualTo(HTTP_UUID);
    }

    @Test
    void forwardedMacMatchesInAnotherNotation() throws Exception {
        JsonNode json = json(withDefault.get("/httpboot", "X-Forwarded-For", "10.200.0.1, 3C-EC-EF-12-34-56"));

        assertThat(json.path("UKIURL").asText()).isEqualTo(HTTP_UKI);
        assertThat(json.path("SystemUUID").asText()).isEqualTo(HTTP_UUID);
        assertThat(json.path("ClientIPs").asText()).contains("10.200.0.1");
    }

    @Test
    void remoteAddressMatchesWithoutForwardedHeader() throws Exception {
        JsonNode json = json(withDefault.get("/httpboot"));

        assertThat(json.path("ClientIPs").asText()).isEqualTo("127.0.0.1");
        assertThat(json.path("UKIURL").asText()).isEqualTo(LOOPBACK_UKI);
        assertThat(json.path("SystemUUID").asText()).isEqualTo(LOOPBACK_UUID);
    }

    @Test
    void unmatchedClientGetsTheDefaultUki() throws Exception {
        JsonNode json = json(withDefault.get("/httpboot", "X-Forwarded-For", "10.99.99.99"));

        assertThat(json.path("UKIURL").asText()).isEqualTo(DEFAULT_UKI);
        assertThat(json.path("ClientIPs").asText()).isEqualTo("10.99.99.99");
        assertThat(json.has("SystemUUID")).isFalse();
    }

    @Test
    void unmatchedClientWithoutDefaultUkiIs500() throws Exception {
        HttpResponse<String> r = withoutDefault.get("/httpboot", "X-Forwarded-For", "10.99.99.99");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("HTTP boot is not configured (missing default UKI)");
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        return JSON.readTree(r.body());
    }
}
