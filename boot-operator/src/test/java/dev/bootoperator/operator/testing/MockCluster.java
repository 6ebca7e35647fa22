package dev.bootoperator.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * A fabric8 mock API server in CRUD mode with our CRDs installed from the YAML the crd-generator
 * wrote: {@code boot.ironcore.dev} from {@code target/classes/META-INF/fabric8} and the test-only
 * {@code metal.ironcore.dev} ones from {@code target/test-classes/META-INF/fabric8-metal}, so the
 * status subresource exists as on a real cluster. The mock answers server-side apply with 415, which
 * is why the operator patches with merge and JSON patches everywhere. It enforces no RBAC; a SelfSubjectRulesReview,
 * which JOSDK's leader election asks for, gets deploy/'s rules.
 *
 * <p>It records every request. Clients that act as the operator ({@link #newClient()},
 * {@link #writeKubeconfig(Path, String)}) carry the operator's service-account token; on {@link #close()} each of
 * their requests is checked against the RBAC rules in {@code deploy/} ({@link DeployedRbac}), and a request those
 * rules would refuse fails the test that made it, here and not in a cluster. The test's own client ({@link #client()})
 * and {@link #writeAdminKubeconfig(Path, String)} act as an administrator and are not checked.
 */
public final class MockCluster implements AutoCloseable {
    private static final Path BOOT_CRDS = Path.of("target/classes/META-INF/fabric8");
    private static final Path METAL_CRDS = Path.of("target/test-classes/META-INF/fabric8-metal");

    /** The mock web server logs every request at INFO through java.util.logging; kept referenced so it stays quiet. */
    private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    /** The bearer token of the operator's service account, by which its requests are told from the test's. */
    public static final String OPERATOR_TOKEN = "boot-operator-service-account";
    private static final String ADMIN_TOKEN = "cluster-admin";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Queue<ApiRequest> operatorRequests = new ConcurrentLinkedQueue<>();
    private final Queue<KubernetesClient> operatorClients = new ConcurrentLinkedQueue<>();
    private final DeployedRbac rbac;

    private MockCluster(DeployedRbac rbac) {
        this.rbac = rbac;
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations) {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        if (("Bearer " + OPERATOR_TOKEN).equals(request.getHeader("Authorization"))) {
                            operatorRequests.add(ApiRequest.of(request.getMethod(), request.getPath()));
                        }
                        return super.dispatch(request);
                    }
                }, false);
        server.init();
        // JOSDK's leader election asks what it may do before it takes a Lease: answer with deploy/'s rules, so that
        // its check meets the permissions a cluster would grant.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder()
                        .withNewStatus().withIncomplete(false)
                        .withResourceRules(rbac.resourceRulesInOwnNamespace())
                        .endStatus().build())
                .always();
        client = server.createClient();
        for (Path crd : crdFiles()) {
            try (InputStream in = Files.newInputStream(crd)) {
                CustomResourceDefinition definition = client.apiextensions().v1().customResourceDefinitions()
                        .load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(definition).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** How often the API server was asked to review a token and an access. */
    public record Reviews(java.util.concurrent.atomic.AtomicInteger tokenReviews,
                          java.util.concurrent.atomic.AtomicInteger accessReviews) {
    }

    /**
     * Makes the mock answer TokenReviews and SubjectAccessReviews as a cluster would: {@code tokens} maps bearer
     * tokens to user names (any other token is not authenticated), and only the users in {@code metricsReaders} may
     * {@code get} the non-resource URL {@code /metrics}.
     */
    public Reviews reviewAccess(Map<String, String> tokens, java.util.Set<String> metricsReaders) {
        Reviews reviews = new Reviews(new java.util.concurrent.atomic.AtomicInteger(),
                new java.util.concurrent.atomic.AtomicInteger());
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            reviews.tokenReviews().incrementAndGet();
            io.fabric8.kubernetes.api.model.authentication.TokenReview review = io.fabric8.kubernetes.client.utils
                    .Serialization.unmarshal(request.getUtf8Body(),
                            io.fabric8.kubernetes.api.model.authentication.TokenReview.class);
            String user = tokens.get(review.getSpec().getToken());
            review.setStatus(user == null
                    ? new io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder()
                            .withAuthenticated(false).build()
                    : new io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder()
                            .withAuthenticated(true).withNewUser().withUsername(user)
                            .withGroups("system:serviceaccounts", "system:authenticated").endUser().build());
            return review;
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
            reviews.accessReviews().incrementAndGet();
            io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview review = io.fabric8.kubernetes.client
                    .utils.Serialization.unmarshal(request.getUtf8Body(),
                            io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview.class);
            var attributes = review.getSpec().getNonResourceAttributes();
            boolean allowed = metricsReaders.contains(review.getSpec().getUser()) && attributes != null
                    && "get".equals(attributes.getVerb()) && "/metrics".equals(attributes.getPath());
            review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder()
                    .withAllowed(allowed).build());
            return review;
        }).always();
        return reviews;
    }

    /** Starts a mock API server with every CRD installed; the operator's permissions are deploy/'s. */
    public static MockCluster start() {
        return new MockCluster(DeployedRbac.fromDeploy());
    }

    /** As {@link #start()}, with other permissions for the operator (to show what a missing rule does). */
    public static MockCluster start(DeployedRbac rbac) {
        return new MockCluster(rbac);
    }

    /** A client for the mock server; closed with it. */
    public KubernetesClient client() {
        return client;
    }

    /**
     * Writes a kubeconfig file for this server (as {@code name}) into {@code dir}, for an operator process of its
     * own: it authenticates as the operator's service account, so its requests are checked against deploy/'s RBAC.
     */
    public Path writeKubeconfig(Path dir, String name) {
        return writeKubeconfig(dir, name, null);
    }

    /**
     * As above, with {@code namespace} as the context's namespace (as a pod's own namespace would be); null: none.
     */
    public Path writeKubeconfig(Path dir, String name, String namespace) {
        return kubeconfig(dir, name, OPERATOR_TOKEN, namespace);
    }

    /** A kubeconfig file as {@link #writeKubeconfig}, for a user's tool (bootctl): an administrator, not checked. */
    public Path writeAdminKubeconfig(Path dir, String name) {
        return kubeconfig(dir, name, ADMIN_TOKEN, null);
    }

    private Path kubeconfig(Path dir, String name, String token, String namespace) {
        Path file = dir.resolve(name + ".kubeconfig.yaml");
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: %1$s
                      cluster:
                        server: %2$s
                    contexts:
                    - name: %1$s
                      context:
                        cluster: %1$s
                        user: %1$s%3$s
                    current-context: %1$s
                    users:
                    - name: %1$s
                      user:
                        token: %4$s
                    """.formatted(name, client.getMasterUrl(),
                    namespace == null ? "" : "\n    namespace: " + namespace, token));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A new client on the same server, as the operator (its service account): give it to the code under test.
     * Closed with the server.
     */
    public KubernetesClient newClient() {
        // The mock's own builder (it also answers API-group checks locally), with the service account's token.
        KubernetesClient operatorClient = server.createClient(
                builder -> builder.editOrNewConfig().withOauthToken(OPERATOR_TOKEN).endConfig());
        operatorClients.add(operatorClient);
        return operatorClient;
    }

    /** Every request the operator's clients have made so far, oldest first. */
    public List<ApiRequest> operatorRequests() {
        return List.copyOf(operatorRequests);
    }

    /** How many requests have reached the server so far, of any kind (watches count once, when opened). */
    public int requestCount() {
        return server.getRequestCount();
    }

    /**
     * The requests recorded since the last call, as {@code "METHOD path"}, oldest first; lets a test say
     * which calls something caused, e.g. that serving boots issued no GET.
     */
    public List<String> takeRequests() {
        List<String> taken = new java.util.ArrayList<>();
        try {
            for (var r = server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS); r != null;
                    r = server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                taken.add(r.getMethod() + " " + r.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    private static List<Path> crdFiles() {
        List<Path> files = Stream.of(BOOT_CRDS, METAL_CRDS).flatMap(MockCluster::yamlFiles).toList();
        if (files.size() < 4) {
            throw new IllegalStateException("expected the generated CRDs in " + BOOT_CRDS.toAbsolutePath()
                    + " and " + METAL_CRDS.toAbsolutePath() + ", found " + files
                    + "; run the build through Maven (process-test-classes) first");
        }
        return files;
    }

    private static Stream<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server, then fails if the operator made a request that deploy/'s RBAC would refuse (naming each, as
     * {@code verb group/resource in namespace}).
     */
    @Override
    public void close() {
        operatorClients.forEach(KubernetesClient::close);
        client.close();
        server.destroy();
        Set<String> denied = rbac.denied(operatorRequests);
        if (!denied.isEmpty()) {
            throw new AssertionError("the operator made requests that the RBAC rules in deploy/ (cluster-role.yaml, "
                    + "leader-election-role.yaml) do not allow; a cluster would answer 403:\n  "
                    + String.join("\n  ", denied));
        }
    }
}
