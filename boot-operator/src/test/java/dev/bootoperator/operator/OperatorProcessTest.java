package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.operator.runtime.InformerBootServers;
import dev.bootoperator.operator.runtime.OperatorRuntime;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process as {@link BootOperatorMain} wires it: flags, the runtime and the informer-backed boot servers. */
class OperatorProcessTest {
    private static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path cacheDir;
    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void servesBootsFromTheClusterOnTheFlagsAddressesAndIsReadyOnceSynced() throws Exception {
        int bootPort = freePort();
        OperatorOptions options = BootOperatorMain.parse(new String[] {
            "--boot-server-address=127.0.0.1:" + bootPort, "--image-proxy-server-address=127.0.0.1:0",
            "--health-probe-bind-address=127.0.0.1:0", "--metrics-bind-address=0",
            "--ipxe-service-url=http://boot.example:8082", "--image-server-url=http://boot.example:8083"}, Map.of());
        IPXEBootConfig config = new IPXEBootConfig();
        config.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("machine-1").build());
        IPXEBootConfigSpec spec = new IPXEBootConfigSpec();
        spec.setSystemUUID(UUID);
        spec.setKernelURL("http://images.example/kernel");
        spec.setInitrdURL("http://images.example/initrd");
        config.setSpec(spec);
        cluster.client().resource(config).create();

        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options)
                .controllers(BootOperatorMain.COMPONENTS.controllers())
                .bootServers(new InformerBootServers(Optional.of(cacheDir)))
                .start()) {
            assertThat(get(URI.create("http://" + runtime.probeAddress().orElseThrow() + "/readyz")))
                    .isEqualTo("200 ok\n");
            String script = get(URI.create("http://127.0.0.1:" + bootPort + "/ipxe/" + UUID));

            assertThat(script).startsWith("200 #!ipxe").contains("http://images.example/kernel",
                    "set ipxe-svc http://boot.example:8082", "initrd --name initrd http://images.example/initrd");
        }
    }

    @Test
    void theProcessRunsTheInformerBootServers() {
        assertThat(BootOperatorMain.COMPONENTS.bootServers()).isInstanceOf(InformerBootServers.class);
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
