package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import dev.bootoperator.operator.metal.ServerSpec;
import dev.bootoperator.operator.metal.ServerStatus;
import dev.bootoperator.operator.runtime.ControllerRegistrar;
import dev.bootoperator.operator.runtime.InformerBootServers;
import dev.bootoperator.operator.runtime.OperatorRuntime;
import dev.bootoperator.operator.testing.ApiRequest;
import dev.bootoperator.operator.testing.DeployedRbac;
import dev.bootoperator.operator.testing.MockCluster;
import dev.bootoperator.operator.testing.TrustAnyCertificate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBAC rules in {@code deploy/} are exactly what the operator calls. Every {@link MockCluster} checks the
 * operator's requests against them when it closes, so each operator test fails on a request a cluster would refuse;
 * this test runs the whole process once through everything it does (leader election, all four controllers, a
 * reviewed {@code /metrics} scrape, the boot servers and their status recording, boot-method switches that delete a
 * child), then asserts that no request was
 * refused and that each granted permission was used, but for a short list of permissions that no request can show,
 * each with its reason.
 */
class RbacTest {
    private static final String NS = "default";
    private static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";

    /** Granted though no request of this run uses them; each says why it stays. */
    private static final Map<String, String> GRANTED_BUT_NOT_REQUESTED = Map.of(
            "update coordination.k8s.io/leases",
            "JOSDK checks get, create and update with a SelfSubjectRulesReview before it starts, and refuses to start "
                    + "without them; fabric8's LeaseLock renews with patch",
            "update metal.ironcore.dev/serverbootconfigurations/finalizers",
            "no request: the OwnerReferencesPermissionEnforcement admission plugin (OpenShift) checks it when the "
                    + "operator creates a child whose owner reference has blockOwnerDeletion");

    @TempDir
    Path dir;

    @Test
    void everyRequestOfTheOperatorIsAllowedAndEveryPermissionIsUsed() throws Exception {
        List<ApiRequest> requests;
        try (LocalRegistry registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")));
             MockCluster cluster = MockCluster.start()) {
            TestImages images = new TestImages(Files.createDirectories(dir.resolve("images")));
            images.multiArch.push(registry, TestImages.MULTI_ARCH, TestImages.TAG);
            KubernetesClient client = cluster.client();
            client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("ignition")
                    .endMetadata().withStringData(Map.of("ignition", "{\"ignition\":{\"version\":\"3.3.0\"}}")).build())
                    .create();
            cluster.reviewAccess(Map.of("prometheus-token", "prometheus"), Set.of("prometheus"));
            createServer(client);
            createSbc(client, registry.address() + "/" + TestImages.MULTI_ARCH + ":" + TestImages.TAG);

            int boot = freePort();
            OperatorOptions options = BootOperatorMain.parse(new String[] {
                "--leader-elect", "--leader-election-namespace=boot-operator-system", "--honor-boot-method",
                "--boot-server-address=127.0.0.1:" + boot, "--image-proxy-server-address=127.0.0.1:0",
                "--health-probe-bind-address=127.0.0.1:0", "--metrics-bind-address=127.0.0.1:0",
                "--ipxe-service-url=http://127.0.0.1:" + boot, "--image-server-url=http://127.0.0.1:" + boot + "/httpboot",
                "--allowed-registries=" + registry.address(), "--insecure-registries=" + registry.address()}, Map.of());
            try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options)
                    .controllers(BootOperatorMain.COMPONENTS.controllers())
                    .bootServers(new InformerBootServers(Optional.of(Files.createDirectories(dir.resolve("cache")))))
                    .leaseTimings(new OperatorRuntime.LeaseTimings(Duration.ofMillis(2000), Duration.ofMillis(1500),
                            Duration.ofMillis(200)))
                    .exitOnLostLease(false)
                    .start()) {
                await("ServerBootConfiguration Ready with both children", () -> "Ready".equals(sbcState(client))
                        && client.resources(IPXEBootConfig.class).inNamespace(NS).withName("machine").get() != null
                        && client.resources(HTTPBootConfig.class).inNamespace(NS).withName("machine").get() != null);

                // A scrape of /metrics (HTTPS, --metrics-secure): a TokenReview and a SubjectAccessReview.
                URI metrics = URI.create("https://" + runtime.metricsAddress().orElseThrow() + "/metrics");
                assertThat(HttpClient.newBuilder().sslContext(TrustAnyCertificate.sslContext()).build().send(HttpRequest.newBuilder(metrics)
                        .header("Authorization", "Bearer prometheus-token").build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

                // A machine boots: script, Ignition and HTTP boot; the boot servers patch conditions and create Events.
                String base = "http://127.0.0.1:" + boot;
                await("the boot server serves the machine", () -> get(base + "/ipxe/" + UUID, null) == 200);
                assertThat(get(base + "/ignition/" + UUID, null)).isEqualTo(200);
                assertThat(get(base + "/httpboot", "127.0.0.1")).isEqualTo(200);
                await("IPXEScriptFetched recorded", () -> hasCondition(
                        client.resources(IPXEBootConfig.class).inNamespace(NS).withName("machine").get().getStatus(),
                        "IPXEScriptFetched"));
                await("an Event created", () -> !client.v1().events().inNamespace(NS).list().getItems().isEmpty());

                // The Ignition secret changes: the children are patched to the new reference.
                client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName("ignition-2")
                        .endMetadata().withStringData(Map.of("ignition", "{}")).build()).create();
                patchSbc(client, "{\"spec\":{\"ignitionSecretRef\":{\"name\":\"ignition-2\"}}}");
                await("children follow the new secret", () -> "ignition-2".equals(client.resources(IPXEBootConfig.class)
                        .inNamespace(NS).withName("machine").get().getSpec().getIgnitionSecretRef().getName()));

                // Boot-method switches (--honor-boot-method): each controller deletes the child it no longer wants.
                patchSbc(client, "{\"spec\":{\"bootMethod\":\"" + ServerBootConfigurationSpec.BOOT_METHOD_PXE + "\"}}");
                await("HTTPBootConfig deleted",
                        () -> client.resources(HTTPBootConfig.class).inNamespace(NS).withName("machine").get() == null);
                patchSbc(client, "{\"spec\":{\"bootMethod\":\"" + ServerBootConfigurationSpec.BOOT_METHOD_HTTP + "\"}}");
                await("IPXEBootConfig deleted",
                        () -> client.resources(IPXEBootConfig.class).inNamespace(NS).withName("machine").get() == null);
                await("the Lease renewed", () -> cluster.operatorRequests().stream().anyMatch(
                        r -> r.verb().equals("patch") && r.resource().equals("leases")));
            }
            requests = cluster.operatorRequests();
        }
        DeployedRbac rbac = DeployedRbac.fromDeploy();

        assertThat(rbac.denied(requests)).as("requests deploy/ does not allow").isEmpty();
        assertThat(rbac.unused(requests)).as("permissions granted that no request used")
                .containsExactlyInAnyOrderElementsOf(GRANTED_BUT_NOT_REQUESTED.keySet());
    }

    /** Why update on leases stays granted though no request uses it. */
    @Test
    void withoutUpdateOnLeasesJosdkRefusesToStartLeading() {
        OperatorOptions options = OperatorOptions.defaults().withListeners(Optional.empty(), Optional.empty())
                .withLeaderElection(new OperatorOptions.LeaderElection(true, "lease", Optional.of("boot-operator-system")));
        try (MockCluster cluster = MockCluster.start(DeployedRbac.fromDeploy().without("update", "coordination.k8s.io",
                "leases"))) {
            assertThatThrownBy(() -> OperatorRuntime.builder(cluster.newClient(), options)
                    .controllers(ControllerRegistrar.of((operator, opts) -> operator.register(new NothingToDo())))
                    .exitOnLostLease(false) // else the refusal would end the test's JVM
                    .start().close())
                    .hasStackTraceContaining("missing required verbs: [update]");
        }
    }

    /** A controller that reconciles nothing, so that the operator has one and elects a leader. */
    static final class NothingToDo implements Reconciler<IPXEBootConfig> {
        @Override
        public UpdateControl<IPXEBootConfig> reconcile(IPXEBootConfig resource, Context<IPXEBootConfig> context) {
            return UpdateControl.noUpdate();
        }
    }

    @Test
    void aRequestWithoutItsRuleIsNamedAsDenied() {
        List<ApiRequest> requests = List.of(
                ApiRequest.of("POST", "/api/v1/namespaces/default/events"),
                ApiRequest.of("PATCH", "/apis/boot.ironcore.dev/v1alpha1/namespaces/default/ipxebootconfigs/m/status"));
        DeployedRbac rbac = DeployedRbac.fromDeploy();

        assertThat(rbac.denied(requests)).isEmpty();
        assertThat(rbac.without("create", "", "events").denied(requests))
                .containsExactly("create events in namespace default");
        assertThat(rbac.without("patch", "boot.ironcore.dev", "ipxebootconfigs/status").denied(requests))
                .containsExactly("patch boot.ironcore.dev/ipxebootconfigs/status in namespace default");
    }

    @Test
    void theLeaderElectionRoleGrantsNothingAtClusterScopeOrInAnotherGroup() {
        DeployedRbac rbac = DeployedRbac.fromDeploy();

        assertThat(rbac.allows(ApiRequest.of("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l"))).isTrue();
        assertThat(rbac.allows(ApiRequest.of("GET", "/apis/coordination.k8s.io/v1/leases"))).isFalse();
        assertThat(rbac.allows(ApiRequest.of("DELETE", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l"))).isFalse();
        assertThat(rbac.allows(ApiRequest.of("GET", "/api/v1/namespaces/ns/configmaps"))).isFalse();
    }

    @Test
    void anOperatorRequestThatNoRuleAllowsFailsTheClosingCluster() {
        MockCluster cluster = MockCluster.start();
        cluster.newClient().configMaps().inNamespace("kube-system").list();
        cluster.client().configMaps().inNamespace("kube-system").list(); // the test's own client is an administrator

        assertThatThrownBy(cluster::close).isInstanceOf(AssertionError.class)
                .hasMessageContaining("deploy/").hasMessageContaining("list configmaps in namespace kube-system")
                .satisfies(e -> assertThat(e.getMessage().lines().filter(l -> l.contains("configmaps")).count())
                        .as("each refused request named once").isEqualTo(1));
    }

    @Test
    void requestsAreClassifiedAsTheApiServersAuthorizerSeesThem() {
        assertThat(ApiRequest.of("GET", "/apis/boot.ironcore.dev/v1alpha1/ipxebootconfigs?resourceVersion=0"))
                .hasToString("list boot.ironcore.dev/ipxebootconfigs (cluster scope)");
        assertThat(ApiRequest.of("GET", "/apis/metal.ironcore.dev/v1alpha1/servers?allowWatchBookmarks=true&watch=true"))
                .hasToString("watch metal.ironcore.dev/servers (cluster scope)");
        assertThat(ApiRequest.of("GET", "/api/v1/namespaces/ns/secrets/s").name()).contains("s");
        assertThat(ApiRequest.of("GET", "/api/v1/namespaces/ns/secrets/s")).hasToString("get secrets in namespace ns");
        assertThat(ApiRequest.of("PATCH", "/apis/metal.ironcore.dev/v1alpha1/namespaces/ns/serverbootconfigurations/a/status"))
                .hasToString("patch metal.ironcore.dev/serverbootconfigurations/status in namespace ns");
        assertThat(ApiRequest.of("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/l").verb()).isEqualTo("update");
        assertThat(ApiRequest.of("DELETE", "/api/v1/namespaces/ns/secrets").verb()).isEqualTo("deletecollection");
        assertThat(ApiRequest.of("GET", "/api/v1/namespaces/ns")).hasToString("get namespaces (cluster scope)");
        assertThat(ApiRequest.of("GET", "/version").nonResourceUrl()).contains("/version");
        assertThat(ApiRequest.of("GET", "/apis/boot.ironcore.dev/v1alpha1").nonResourceUrl())
                .contains("/apis/boot.ironcore.dev/v1alpha1");
    }
    private static void createServer(KubernetesClient client) {
        Server server = new Server();
        server.setMetadata(new ObjectMetaBuilder().withName("machine").build());
        ServerSpec spec = new ServerSpec();
        spec.setSystemUUID(UUID);
        server.setSpec(spec);
        Server created = client.resources(Server.class).resource(server).create();
        ServerStatus status = new ServerStatus();
        status.setNetworkInterfaces(List.of(new NetworkInterface("eth0", "127.0.0.1", "aa:bb:cc:dd:ee:01")));
        created.setStatus(status);
        client.resources(Server.class).resource(created).updateStatus();
    }

    private static void createSbc(KubernetesClient client, String image) {
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("machine").build());
        ServerBootConfigurationSpec spec = new ServerBootConfigurationSpec();
        spec.setServerRef(new SecretRef("machine"));
        spec.setImage(image);
        spec.setIgnitionSecretRef(new SecretRef("ignition"));
        sbc.setSpec(spec);
        client.resources(ServerBootConfiguration.class).resource(sbc).create();
    }

    private static void patchSbc(KubernetesClient client, String mergePatch) {
        client.resources(ServerBootConfiguration.class).inNamespace(NS).withName("machine")
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    private static String sbcState(KubernetesClient client) {
        ServerBootConfiguration sbc = client.resources(ServerBootConfiguration.class).inNamespace(NS).withName("machine").get();
        return sbc == null || sbc.getStatus() == null ? null : sbc.getStatus().getState();
    }

    private static boolean hasCondition(BootConfigStatus status, String type) {
        return status != null && status.getConditions().stream()
                .anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static int get(String url, String forwardedFor) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void await(String what, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within 60 s: " + what);
    }

    private interface CheckedCondition {
        boolean holds() throws Exception;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
