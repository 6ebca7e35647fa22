package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.ObjectReference;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import dev.bootoperator.operator.metal.ServerSpec;
import dev.bootoperator.operator.metal.ServerStatus;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read-only metal.ironcore.dev views against the mock API server with their generated CRDs. */
class MetalResourcesTest {
    private static MockCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        cluster = MockCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void serverFieldsTheOperatorUsesRoundTripAndOthersSurvive() {
        Server server = new Server();
        server.setMetadata(new ObjectMetaBuilder().withName("server-1").build());
        ServerSpec spec = new ServerSpec();
        spec.setSystemUUID("4C4C4544-0000-1111-2222-333333333333");
        spec.setBootConfigurationRef(new ObjectReference("default", "workload"));
        spec.setMaintenanceBootConfigurationRef(new ObjectReference("default", "maintenance"));
        spec.setAdditionalProperty("power", "On");
        server.setSpec(spec);
        client.resources(Server.class).resource(server).create();
        ServerStatus status = new ServerStatus();
        status.setState(ServerStatus.MAINTENANCE);
        status.setNetworkInterfaces(List.of(new NetworkInterface("eth0", "10.0.0.5", "aa:bb:cc:dd:ee:ff")));
        status.setAdditionalProperty("powerState", "On");
        server.setStatus(status);
        client.resources(Server.class).resource(server).patchStatus();

        Server read = client.resources(Server.class).withName("server-1").get();
        assertThat(read.inMaintenance()).isTrue();
        assertThat(read.getSpec().getMaintenanceBootConfigurationRef().refersTo("default", "maintenance")).isTrue();
        assertThat(read.getStatus().getNetworkInterfaces()).singleElement()
                .satisfies(nic -> assertThat(nic.getMacAddress()).isEqualTo("aa:bb:cc:dd:ee:ff"));
        GenericKubernetesResource raw = client.genericKubernetesResources(Server.GROUP + "/" + Server.VERSION, "Server")
                .withName("server-1").get();
        assertThat(raw.get("spec", "power").toString()).isEqualTo("On");
        assertThat(raw.get("status", "powerState").toString()).isEqualTo("On");
    }

    @Test
    void serverBootConfigurationStatusIsPatchedWithoutServerSideApply() {
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("sbc-1").build());
        ServerBootConfigurationSpec spec = new ServerBootConfigurationSpec();
        spec.setServerRef(new SecretRef("server-1"));
        spec.setImage("ghcr.io/gardenlinux/gardenlinux:1877.0");
        spec.setBootMethod(ServerBootConfigurationSpec.BOOT_METHOD_HTTP);
        sbc.setSpec(spec);
        client.resources(ServerBootConfiguration.class).resource(sbc).create();

        client.resources(ServerBootConfiguration.class).inNamespace("default").withName("sbc-1")
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"state\":\"Ready\"}}");

        ServerBootConfiguration read = client.resources(ServerBootConfiguration.class).inNamespace("default")
                .withName("sbc-1").get();
        assertThat(read.getStatus().getState()).isEqualTo(BootConfigStatus.READY);
        assertThat(read.getSpec().getBootMethod()).isEqualTo("HTTPBoot");
    }
}
