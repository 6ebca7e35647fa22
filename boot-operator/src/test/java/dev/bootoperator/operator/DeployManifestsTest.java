package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/} is what {@code kubectl apply -k} installs: every file is listed, the Deployment passes only flags
 * {@link BootOperatorMain} accepts, its probes and ports are the ones those flags open, the Service forwards to
 * them, and the RBAC rules name every group, resource and verb.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode kustomization;
    private static Map<String, JsonNode> byKind;

    @BeforeAll
    static void load() throws IOException {
        kustomization = YAML.readTree(DEPLOY.resolve("kustomization.yaml").toFile());
        byKind = new HashMap<>();
        for (JsonNode resource : kustomization.get("resources")) {
            JsonNode doc = YAML.readTree(DEPLOY.resolve(resource.asText()).toFile());
            String key = doc.get("kind").asText() + "/" + doc.at("/metadata/name").asText();
            assertThat(byKind.put(key, doc)).as("duplicate " + key).isNull();
        }
    }

    @Test
    void kustomizationListsEveryManifestAndEveryListedFileExists() throws IOException {
        List<String> listed = texts(kustomization.get("resources"));
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            onDisk = files.filter(Files::isRegularFile).map(p -> DEPLOY.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".yaml") && !p.equals("kustomization.yaml")).sorted().toList();
        }
        assertThat(listed).allSatisfy(f -> assertThat(DEPLOY.resolve(f)).isRegularFile());
        assertThat(listed).containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(byKind).containsKeys("CustomResourceDefinition/ipxebootconfigs.boot.ironcore.dev",
                "CustomResourceDefinition/httpbootconfigs.boot.ironcore.dev", "ServiceAccount/boot-operator",
                "Deployment/boot-operator", "Service/boot-operator");
    }

    @Test
    void deploymentArgsAreFlagsTheOperatorAcceptsAndItsPortsAreTheirs() {
        JsonNode container = container();
        List<String> args = texts(container.get("args"));

        OperatorOptions options = BootOperatorMain.parse(args.toArray(String[]::new), Map.of());

        assertThat(options.leaderElection().enabled()).as("replicas > 1 need leader election").isTrue();
        assertThat(deployment().at("/spec/replicas").asInt()).isGreaterThan(1);
        Map<String, Integer> ports = containerPorts(container);
        assertThat(ports).containsEntry("boot", options.bootServerAddress().port())
                .containsEntry("image-proxy", options.imageProxyServerAddress().port())
                .containsEntry("metrics", options.metricsBindAddress().orElseThrow().port())
                .containsEntry("probes", options.healthProbeBindAddress().orElseThrow().port());
    }

    /**
     * The image's JVM flags (operator.jvm.flags in the pom, which OperatorMemoryBenchmark measured) apply: the
     * Deployment does not replace them, and its memory limit is the one measured to hold them with 1,000 machines.
     */
    @Test
    void theImagesMeasuredJvmFlagsApplyUnderTheLimitTheyWereMeasuredFor() {
        JsonNode container = container();
        List<String> env = new ArrayList<>();
        container.path("env").forEach(e -> env.add(e.path("name").asText()));
        assertThat(env).doesNotContain("BOOT_OPERATOR_JVM_FLAGS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("192Mi");
        assertThat(container.at("/resources/limits/cpu").asText()).as("upstream's cpu limit").isEqualTo("500m");
        String flags = System.getProperty("operator.jvm.flags", "");
        assertThat(flags).as("operator.jvm.flags, passed by surefire from boot-operator/pom.xml")
                .contains("-XX:+UseSerialGC", "-Xmx72m", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void probesAskTheProbePortForHealthzAndReadyz() {
        JsonNode container = container();
        Map<String, Integer> ports = containerPorts(container);
        int probePort = BootOperatorMain.parse(texts(container.get("args")).toArray(String[]::new), Map.of())
                .healthProbeBindAddress().orElseThrow().port();

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(port(container.at("/livenessProbe/httpGet/port"), ports)).isEqualTo(probePort);
        assertThat(port(container.at("/readinessProbe/httpGet/port"), ports)).isEqualTo(probePort);
        assertThat(container.at("/resources/requests/cpu").isMissingNode()).isFalse();
        assertThat(container.at("/resources/requests/memory").isMissingNode()).isFalse();
        assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();
    }

    @Test
    void serviceForwardsTheBootAndImageProxyPortsOfThePods() {
        JsonNode service = byKind.get("Service/boot-operator");
        Map<String, Integer> ports = containerPorts(container());

        List<Integer> targets = new ArrayList<>();
        for (JsonNode port : service.at("/spec/ports")) {
            int target = port(port.get("targetPort"), ports);
            assertThat(ports).containsValue(target);
            assertThat(port.get("port").asInt()).isEqualTo(target);
            targets.add(target);
        }
        assertThat(targets).containsExactlyInAnyOrder(ports.get("boot"), ports.get("image-proxy"));
        JsonNode podLabels = deployment().at("/spec/template/metadata/labels");
        service.at("/spec/selector").properties().forEach(selector ->
                assertThat(podLabels.path(selector.getKey()).asText()).isEqualTo(selector.getValue().asText()));
        assertThat(deployment().at("/spec/selector/matchLabels")).isEqualTo(service.at("/spec/selector"));
    }

    @Test
    void rbacNamesEverythingAndBindsTheOperatorsServiceAccount() {
        String account = deployment().at("/spec/template/spec/serviceAccountName").asText();
        assertThat(byKind).containsKey("ServiceAccount/" + account);
        for (String binding : List.of("ClusterRoleBinding/boot-operator", "RoleBinding/boot-operator-leader-election")) {
            JsonNode subject = byKind.get(binding).at("/subjects/0");
            assertThat(subject.get("kind").asText()).isEqualTo("ServiceAccount");
            assertThat(subject.get("name").asText()).isEqualTo(account);
            assertThat(subject.get("namespace").asText()).isEqualTo(kustomization.get("namespace").asText());
            String role = byKind.get(binding).at("/roleRef/kind").asText() + "/" + byKind.get(binding).at("/roleRef/name").asText();
            assertThat(byKind).as(binding + " refers to " + role).containsKey(role);
        }
        for (String role : List.of("ClusterRole/boot-operator", "Role/boot-operator-leader-election")) {
            for (JsonNode rule : byKind.get(role).get("rules")) {
                for (String field : List.of("apiGroups", "resources", "verbs")) {
                    assertThat(texts(rule.get(field))).as(role + " " + field).isNotEmpty().doesNotContain("*");
                }
            }
        }
    }

    @Test
    void leasesAreOnlyInTheNamespaceWithTheVerbsLeaderElectionUses() {
        JsonNode clusterRole = byKind.get("ClusterRole/boot-operator");
        assertThat(StreamSupport.stream(clusterRole.get("rules").spliterator(), false)
                .flatMap(r -> texts(r.get("apiGroups")).stream())).doesNotContain("coordination.k8s.io");
        JsonNode rule = byKind.get("Role/boot-operator-leader-election").at("/rules/0");

        assertThat(texts(rule.get("apiGroups"))).containsExactly("coordination.k8s.io");
        assertThat(texts(rule.get("resources"))).containsExactly("leases");
        // JOSDK's LeaderElectionManager checks create, update and get; fabric8's LeaseLock calls get, create and
        // patch (RbacTest records it).
        assertThat(Set.copyOf(texts(rule.get("verbs")))).isEqualTo(Set.of("get", "create", "update", "patch"));
    }

    @Test
    void clusterRoleCoversTheWatchedKindsWithoutWritingMetalResources() {
        Map<String, Set<String>> verbs = new HashMap<>();
        for (JsonNode rule : byKind.get("ClusterRole/boot-operator").get("rules")) {
            for (String group : texts(rule.get("apiGroups"))) {
                for (String resource : texts(rule.get("resources"))) {
                    verbs.computeIfAbsent(group + "/" + resource, k -> new java.util.TreeSet<>())
                            .addAll(texts(rule.get("verbs")));
                }
            }
        }
        for (String watched : List.of("boot.ironcore.dev/ipxebootconfigs", "boot.ironcore.dev/httpbootconfigs",
                "metal.ironcore.dev/serverbootconfigurations", "metal.ironcore.dev/servers", "/secrets")) {
            assertThat(verbs.get(watched)).as(watched).contains("list", "watch");
        }
        // Read from informer caches only; RbacTest shows which gets the code makes.
        assertThat(verbs.get("metal.ironcore.dev/servers")).containsExactlyInAnyOrder("list", "watch");
        assertThat(verbs.get("metal.ironcore.dev/serverbootconfigurations"))
                .containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(verbs.get("/secrets")).containsExactlyInAnyOrder("list", "watch");
        assertThat(verbs.get("metal.ironcore.dev/serverbootconfigurations/status")).contains("patch");
    }

    @Test
    void theImageCacheIsAnEmptyDirSizedForTheBoundOnAReadOnlyRoot() {
        JsonNode container = container();
        OperatorOptions options = BootOperatorMain.parse(texts(container.get("args")).toArray(String[]::new), Map.of());
        java.nio.file.Path dir = options.imageCache().dir().orElseThrow(
                () -> new AssertionError("deploy/ sets --image-cache-dir: the default is under /tmp"));

        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        String volume = null;
        for (JsonNode mount : container.get("volumeMounts")) {
            if (mount.get("mountPath").asText().equals(dir.toString())) {
                volume = mount.get("name").asText();
            }
        }
        assertThat(volume).as("a volume mounted at --image-cache-dir " + dir).isNotNull();
        JsonNode emptyDir = null;
        for (JsonNode v : deployment().at("/spec/template/spec/volumes")) {
            if (v.get("name").asText().equals(volume)) {
                emptyDir = v.get("emptyDir");
            }
        }
        assertThat(emptyDir).as("volume " + volume + " is an emptyDir").isNotNull();
        long sizeLimit = dev.bootoperator.servlet.BootSettings.parseByteSize(emptyDir.get("sizeLimit").asText());
        long bound = options.imageCache().maxBytes();
        // committed blobs stay under the bound; downloads in flight need the rest, and no more than that
        assertThat(sizeLimit).isBetween(bound, bound + (1L << 30));
    }

    @Test
    void metricsScrapesAreReviewedSoTheRoleMayCreateTokenAndAccessReviews() {
        OperatorOptions options = BootOperatorMain.parse(texts(container().get("args")).toArray(String[]::new), Map.of());
        assertThat(options.metricsServing().secure()).isTrue();
        Map<String, Set<String>> verbs = new HashMap<>();
        for (JsonNode rule : byKind.get("ClusterRole/boot-operator").get("rules")) {
            for (String group : texts(rule.get("apiGroups"))) {
                for (String resource : texts(rule.get("resources"))) {
                    verbs.computeIfAbsent(group + "/" + resource, k -> new java.util.TreeSet<>())
                            .addAll(texts(rule.get("verbs")));
                }
            }
        }
        assertThat(verbs.get("authentication.k8s.io/tokenreviews")).containsExactly("create");
        assertThat(verbs.get("authorization.k8s.io/subjectaccessreviews")).containsExactly("create");
    }

    @Test
    void kubectlRendersTheKustomization() throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", DEPLOY.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render deploy/ (Debian: apt-get install kubernetes-client; "
                    + ".ci/run installs it): " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        List<JsonNode> docs = new ArrayList<>();
        YAML.readValues(YAML.getFactory().createParser(output), JsonNode.class).forEachRemaining(docs::add);
        assertThat(docs).hasSize(byKind.size());
        assertThat(docs).filteredOn(d -> d.at("/kind").asText().equals("Deployment")).singleElement()
                .satisfies(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("boot-operator-system"));
    }

    private static JsonNode deployment() {
        return byKind.get("Deployment/boot-operator");
    }

    private static JsonNode container() {
        JsonNode containers = deployment().at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode port : container.get("ports")) {
            ports.put(port.get("name").asText(), port.get("containerPort").asInt());
        }
        return ports;
    }

    /** A port given as a number or as the name of a container port. */
    private static int port(JsonNode port, Map<String, Integer> named) {
        if (port.isInt()) {
            return port.asInt();
        }
        assertThat(named).as("named port " + port.asText()).containsKey(port.asText());
        return named.get(port.asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }
}
