package dev.bootoperator.operator.serve;

import static dev.bootoperator.operator.serve.Fixtures.NS;
import static dev.bootoperator.operator.serve.Fixtures.await;
import static dev.bootoperator.operator.serve.Fixtures.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerStatus;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's boot servers over real HTTP, reading a mock API server's objects through informers. */
class OperatorBootServersTest {
    private static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";

    @TempDir
    Path cacheDir;
    private MockCluster cluster;
    private KubernetesClient client;
    private OperatorBootServers boot;
    private String base;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
        client = cluster.client();
    }

    @AfterEach
    void stop() {
        if (boot != null) {
            boot.close();
        }
        cluster.close();
    }

    private void startBoot(boolean recordStatus) throws Exception {
        startBoot(recordStatus, false);
    }

    private void startBoot(boolean recordStatus, boolean butaneStrict) throws Exception {
        OperatorBootServerSettings settings = OperatorBootServerSettings.fromFlags(ListenAddress.parse("127.0.0.1:0"),
                ListenAddress.parse("127.0.0.1:0"), Optional.of("http://boot.example:8082"), Optional.empty(),
                Optional.empty(), Optional.empty(), "amd64", RegistryPolicy.defaults(), cacheDir);
        boot = OperatorBootServers.start(cluster.newClient(), settings
                .withRecordBootStatus(recordStatus).withButaneStrict(butaneStrict));
        base = "http://127.0.0.1:" + boot.port();
    }

    /** A Server with a workload and a maintenance ServerBootConfiguration, each owning one IPXEBootConfig. */
    private void workloadAndMaintenance(String state) throws Exception {
        ServerBootConfiguration workload = Fixtures.sbc(client, "workload", "server-1");
        ServerBootConfiguration maintenance = Fixtures.sbc(client, "maintenance", "server-1");
        Fixtures.server(client, "server-1", UUID, "workload", "maintenance", state);
        Fixtures.ipxe(client, "a-workload-config", UUID, List.of(), "http://images/workload-kernel", workload);
        Fixtures.ipxe(client, "b-maintenance-config", UUID, List.of(), "http://images/maintenance-kernel", maintenance);
    }

    @Test
    void servesTheWorkloadConfigOutsideMaintenanceAndTheMaintenanceConfigInIt() throws Exception {
        workloadAndMaintenance(null);
        startBoot(false);
        assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);

        HttpResponse<String> workload = get(base + "/ipxe/" + UUID);
        assertThat(workload.statusCode()).isEqualTo(200);
        assertThat(workload.body()).contains("http://images/workload-kernel").doesNotContain("maintenance-kernel");

        Fixtures.setServerState(client, "server-1", ServerStatus.MAINTENANCE);
        await("the maintenance config is served", () -> body(base + "/ipxe/" + UUID).contains("maintenance-kernel"));

        Fixtures.setServerState(client, "server-1", "Reserved");
        await("the workload config is served again", () -> body(base + "/ipxe/" + UUID).contains("workload-kernel"));
    }

    @Test
    void dropsAConfigOwnedByAServerBootConfigurationTheServerDoesNotReference() throws Exception {
        ServerBootConfiguration workload = Fixtures.sbc(client, "workload", "server-1");
        ServerBootConfiguration stale = Fixtures.sbc(client, "stale", "server-1");
        Fixtures.server(client, "server-1", UUID, "workload", null, ServerStatus.MAINTENANCE);
        Fixtures.ipxe(client, "a-stale-config", UUID, List.of(), "http://images/stale-kernel", stale);
        Fixtures.ipxe(client, "b-workload-config", UUID, List.of(), "http://images/workload-kernel", workload);
        startBoot(false);

        HttpResponse<String> response = get(base + "/ipxe/" + UUID);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("workload-kernel").doesNotContain("stale-kernel");
    }

    @Test
    void everyCandidateOrphanedAnswers500NamingTheConfigsAndTheServer() throws Exception {
        ServerBootConfiguration stale = Fixtures.sbc(client, "stale", "server-1");
        Fixtures.server(client, "server-1", UUID, "workload", "maintenance", null);
        Fixtures.ipxe(client, "a-stale-config", UUID, List.of(), "http://images/stale-kernel", stale);
        Fixtures.ipxe(client, "b-hand-made", UUID, List.of(), "http://images/other-kernel", null);
        startBoot(false);

        HttpResponse<String> response = get(base + "/ipxe/" + UUID);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("orphaned", "default/a-stale-config", "default/b-hand-made",
                "Server server-1", "default/workload", "default/maintenance");
        assertThat(response.body()).doesNotContain("stale-kernel");
    }

    @Test
    void aSingleConfigWithoutOwnerIsServedAsUpstreamDoes() throws Exception {
        Fixtures.ipxe(client, "hand-made", UUID, List.of(), "http://images/hand-made-kernel", null);
        startBoot(false);

        HttpResponse<String> response = get(base + "/ipxe/" + UUID);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("hand-made-kernel");
        assertThat(response.body()).as("a config without squashfsURL (upstream #352): no squashfs arguments")
                .doesNotContain("gl.ovl", "gl.url", "gl.live");
    }

    @Test
    void bootRequestsAreAnsweredFromTheCachesWithoutAnyApiCall() throws Exception {
        workloadAndMaintenance(null);
        Fixtures.ignitionSecret(client, "a-workload-config-ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        startBoot(false);
        await("the secret is cached", () -> statusOf(base + "/ignition/" + UUID) == 200);
        cluster.takeRequests();
        int before = cluster.requestCount();

        for (int i = 0; i < 100; i++) {
            assertThat(get(base + "/ipxe/" + UUID.toUpperCase()).statusCode()).isEqualTo(200);
            assertThat(get(base + "/ignition/" + UUID).statusCode()).isEqualTo(200);
        }

        assertThat(cluster.requestCount() - before).as("API requests caused by 200 boot requests").isZero();
        assertThat(cluster.takeRequests()).isEmpty();
    }

    private void butaneSecretWithAnUnknownKey() {
        client.secrets().resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withNamespace(NS)
                .withName("a-workload-config-ignition").endMetadata().withStringData(java.util.Map.of("format", "fcos",
                        "ignition", "variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/a\n      colour: blue\n"))
                .build()).create();
    }

    @Test
    void butaneStrictAnswers500NamingThePath() throws Exception {
        workloadAndMaintenance(null);
        butaneSecretWithAnUnknownKey();
        startBoot(false, true);
        await("the secret is cached", () -> body(base + "/ignition/" + UUID).contains("storage.files.0.colour"));
        var response = get(base + "/ignition/" + UUID);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains(UUID, "strict");
    }

    @Test
    void butaneWarningsBecomeOneWarningEventOnTheConfigPerTranslation() throws Exception {
        workloadAndMaintenance(null);
        butaneSecretWithAnUnknownKey();
        startBoot(true);
        await("the secret is cached", () -> {
            try {
                return get(base + "/ignition/" + UUID).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        for (int i = 0; i < 3; i++) {
            assertThat(get(base + "/ignition/" + UUID).statusCode()).isEqualTo(200);
        }
        await("a ButaneWarning event", () -> events().stream().anyMatch(e -> "ButaneWarning".equals(e.getReason())));
        Thread.sleep(500); // would-be repeats have had time to arrive
        assertThat(events()).filteredOn(e -> "ButaneWarning".equals(e.getReason())).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("IPXEBootConfig");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("a-workload-config");
            assertThat(e.getMessage()).contains(UUID, NS + "/a-workload-config-ignition", "storage.files.0.colour",
                    "unused key colour");
        });
    }

    @Test
    void servingAScriptAndAnIgnitionSetsConditionsAndRecordsEventsOnTheConfigAndItsOwner() throws Exception {
        workloadAndMaintenance(null);
        Fixtures.ignitionSecret(client, "a-workload-config-ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        client.resources(IPXEBootConfig.class).inNamespace(NS).withName("a-workload-config").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), """
                        {"status":{"state":"Ready","conditions":[
                          {"type":"Other","status":"True","reason":"Kept","message":"kept","lastTransitionTime":"2020-01-01T00:00:00Z"},
                          {"type":"IPXEScriptFetched","status":"True","reason":"Earlier","message":"old","lastTransitionTime":"2021-01-01T00:00:00Z"}
                        ]}}""");
        startBoot(true);

        assertThat(get(base + "/ipxe/" + UUID).statusCode()).isEqualTo(200);
        assertThat(get(base + "/ignition/" + UUID).statusCode()).isEqualTo(200);

        await("both conditions are set", () -> conditions("a-workload-config").stream()
                .filter(c -> c.getReason().endsWith("Delivered")).count() == 2);
        List<Condition> conditions = conditions("a-workload-config");
        assertThat(conditions).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("IPXEScriptFetched");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("IPXEScriptDelivered");
            assertThat(c.getLastTransitionTime()).as("status stayed True").isEqualTo("2021-01-01T00:00:00Z");
        });
        assertThat(conditions).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("IgnitionDataFetched");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("IgnitionDataDelivered");
            assertThat(c.getLastTransitionTime()).isNotBlank().isNotEqualTo("2021-01-01T00:00:00Z");
        });
        assertThat(conditions).anySatisfy(c -> assertThat(c.getType()).isEqualTo("Other"));
        assertThat(client.resources(IPXEBootConfig.class).inNamespace(NS).withName("a-workload-config").get()
                .getStatus().getState()).isEqualTo("Ready");

        await("four events are recorded", () -> events().size() == 4);
        List<Event> events = events();
        String config = client.resources(IPXEBootConfig.class).inNamespace(NS).withName("a-workload-config").get()
                .getMetadata().getUid();
        String owner = client.resources(ServerBootConfiguration.class).inNamespace(NS).withName("workload").get()
                .getMetadata().getUid();
        for (String reason : List.of("IPXEScriptDelivered", "IgnitionDataDelivered")) {
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo(reason);
                assertThat(e.getType()).isEqualTo("Normal");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("IPXEBootConfig");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("a-workload-config");
                assertThat(e.getInvolvedObject().getUid()).isEqualTo(config);
                assertThat(e.getMessage()).contains(UUID, "127.0.0.1");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo(reason);
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("ServerBootConfiguration");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("workload");
                assertThat(e.getInvolvedObject().getUid()).isEqualTo(owner);
                assertThat(e.getMessage()).contains(UUID, "127.0.0.1", "IPXEBootConfig default/a-workload-config");
            });
        }
        assertThat(boot.statusStats()).hasValueSatisfying(s -> assertThat(s.failed()).isZero());
    }

    @Test
    void anHttpBootMachinesIgnitionSetsTheConditionAndEventOnItsHttpBootConfig() throws Exception {
        String uuid = "5d5d5d5d-0000-4000-8000-000000000042";
        Fixtures.ignitionSecret(client, "http-machine-ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        HTTPBootConfig created = Fixtures.http(client, "http-machine", uuid, List.of("10.9.0.42"),
                "http://images.example/uki.efi");
        client.resources(HTTPBootConfig.class).resource(created)
                .edit(c -> {
                    c.getSpec().setIgnitionSecretRef(new SecretRef("http-machine-ignition"));
                    return c;
                });
        startBoot(true);

        await("the store sees the Ignition ref", () -> statusOf(base + "/ignition/" + uuid) == 200);
        assertThat(body(base + "/ignition/" + uuid)).isEqualTo("{\"ignition\":{\"version\":\"3.4.0\"}}");

        await("IgnitionDataFetched on the HTTPBootConfig", () -> {
            HTTPBootConfig read = client.resources(HTTPBootConfig.class).inNamespace(NS).withName("http-machine").get();
            return read.getStatus() != null && read.getStatus().getConditions().stream()
                    .anyMatch(c -> c.getType().equals("IgnitionDataFetched") && c.getStatus().equals("True")
                            && c.getReason().equals("IgnitionDataDelivered"));
        });
        await("an Event on the HTTPBootConfig", () -> events().stream().anyMatch(e ->
                e.getInvolvedObject().getKind().equals("HTTPBootConfig")
                        && e.getInvolvedObject().getName().equals("http-machine")
                        && e.getReason().equals("IgnitionDataDelivered") && e.getMessage().contains(uuid)));
    }

    private List<Condition> conditions(String name) {
        IPXEBootConfig config = client.resources(IPXEBootConfig.class).inNamespace(NS).withName(name).get();
        return config.getStatus() == null ? List.of() : config.getStatus().getConditions();
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(NS).list().getItems();
    }

    private static String body(String url) {
        try {
            return get(url).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int statusOf(String url) {
        try {
            return get(url).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
