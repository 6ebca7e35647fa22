package dev.bootoperator.war;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unmodified WAR in an embedded Jetty 12 ee10 {@link WebAppContext}, configured by init parameters. */
class WarInJettyIT {
    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static TestImages images;

    @TempDir
    Path cacheDir;
    private Server server;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.anonymous(dir);
        images = new TestImages(dir);
        images.pushAll(registry);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private String deploy(Map<String, String> initParams) throws Exception {
        assertThat(BootFlow.war()).as("the WAR; run mvn verify").isRegularFile();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext(BootFlow.war().toString(), "/boot");
        initParams.forEach(webapp::setInitParameter);
        server.setHandler(webapp);
        server.start();
        return "http://127.0.0.1:" + connector.getLocalPort() + "/boot";
    }

    @Test
    void servesTheBootFlowUnderItsContextPath() throws Exception {
        String base = deploy(Map.of(
                "BOOT_CONFIG_DIR", BootFlow.samples().toString(),
                "BOOT_IPXE_SERVICE_URL", "http://10.0.0.1:8080/boot",
                "BOOT_ALLOWED_REGISTRIES", registry.address(),
                "BOOT_INSECURE_REGISTRIES", registry.address(),
                "BOOT_IMAGE_CACHE_DIR", cacheDir.toString()));

        BootFlow.run(base, "http://10.0.0.1:8080/boot", registry, images);
    }

    @Test
    void aMissingSettingAnswers503WithTheReason() throws Exception {
        String base = deploy(Map.of("BOOT_IPXE_SERVICE_URL", "http://10.0.0.1:8080/boot"));

        HttpResponse<String> r = BootFlow.get(base + "/ipxe");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("BOOT_CONFIG_DIR is not set");
    }
}
