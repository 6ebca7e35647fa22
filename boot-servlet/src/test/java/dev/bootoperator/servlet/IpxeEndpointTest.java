package dev.bootoperator.servlet;

import static dev.bootoperator.servlet.TestMachines.CUSTOM_SCRIPT;
import static dev.bootoperator.servlet.TestMachines.CUSTOM_UUID;
import static dev.bootoperator.servlet.TestMachines.INITRD;
import static dev.bootoperator.servlet.TestMachines.IPXE_SERVICE_URL;
import static dev.bootoperator.servlet.TestMachines.KERNEL;
import static dev.bootoperator.servlet.TestMachines.PLAIN_UUID;
import static dev.bootoperator.servlet.TestMachines.SQUASHFS;
import static dev.bootoperator.servlet.TestMachines.SQUASHFS_UUID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.boot.BootService;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpxeEndpointTest {
    private static RunningServer enabled;
    private static RunningServer disabled;

    @BeforeAll
    static void start() throws Exception {
        enabled = RunningServer.start(BootService.builder(TestMachines.store(false)).ipxeServiceUrl(IPXE_SERVICE_URL).build());
        disabled = RunningServer.start(BootService.builder(TestMachines.store(false)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        enabled.close();
        disabled.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ipxe", "/ipxe/"})
    void chainScriptPointsIpxeAtTheMachinesOwnScript(String path) throws Exception {
        HttpResponse<String> r = enabled.get(path);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(r.body()).startsWith("#!ipxe")
                .contains("set ipxe-svc " + IPXE_SERVICE_URL + "\n")
                .contains("set base-url ${ipxe-svc}/ipxe").contains("chain --replace --autofree ${base-url}/${uuid}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ipxe", "/ipxe/", "/ipxe/" + SQUASHFS_UUID})
    void everyIpxePathAnswers503WhenIpxeIsDisabled(String path) throws Exception {
        HttpResponse<String> r = disabled.get(path);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("iPXE is disabled");
    }

    @Test
    void bootScriptNamesItsInitrdAndPointsIgnitionAtThisServer() throws Exception {
        HttpResponse<String> r = enabled.get("/ipxe/" + SQUASHFS_UUID);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        List<String> lines = lines(r.body());
        assertThat(lines.get(0)).isEqualTo("#!ipxe");
        assertThat(lines).contains("isset ${ipxe-svc} || set ipxe-svc " + IPXE_SERVICE_URL);
        String kernel = line(lines, "kernel ");
        assertThat(kernel).startsWith("kernel " + KERNEL + " ")
                .contains(" initrd=initrd ")
                .contains(" gl.ovl=/:tmpfs gl.url=" + SQUASHFS + " gl.live=1")
                .contains(" ignition.config.url=${ipxe-svc}/ignition/${uuid}")
                .contains(" console=ttyS0,115200", " console=tty0");
        assertThat(lines).contains("initrd --name initrd " + INITRD);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("boot");
    }

    @Test
    void bootScriptHasNoSquashfsArgumentsWithoutASquashfsUrl() throws Exception {
        HttpResponse<String> r = enabled.get("/ipxe/" + PLAIN_UUID);

        assertThat(r.statusCode()).isEqualTo(200);
        String kernel = line(lines(r.body()), "kernel ");
        assertThat(kernel).contains(" initrd=initrd ").doesNotContain("gl.url", "gl.live", "gl.ovl");
    }

    @Test
    void customScriptFromIpxeScriptSecretRefIsServedVerbatim() throws Exception {
        HttpResponse<String> r = enabled.get("/ipxe/" + CUSTOM_UUID);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(CUSTOM_SCRIPT);
    }

    @Test
    void uuidMatchesInAnyCase() throws Exception {
        HttpResponse<String> r = enabled.get("/ipxe/" + SQUASHFS_UUID.toUpperCase(Locale.ROOT));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("kernel " + KERNEL);
    }

    @Test
    void unknownMachineIs404NamingIt() throws Exception {
        HttpResponse<String> r = enabled.get("/ipxe/99999999-0000-0000-0000-000000000000");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("99999999-0000-0000-0000-000000000000");
    }

    private static List<String> lines(String body) {
        return Arrays.stream(body.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in " + lines));
    }
}
