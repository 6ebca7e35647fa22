package dev.bootoperator.operator.reconcile;

import dev.bootoperator.oci.ImageResolver;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import dev.bootoperator.operator.metal.ServerSpec;
import dev.bootoperator.operator.metal.ServerStatus;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real docker-registry holding boot-core's {@link TestImages}, a mock API server with our CRDs, and an operator
 * running all four boot controllers against it, configured as production configures it
 * ({@link BootControllers#configure}).
 */
final class OperatorFixture implements AutoCloseable {
    static final String IPXE_SERVICE_URL = "http://boot.example:8082";
    static final String IMAGE_SERVER_URL = "http://boot.example:8083/";

    final LocalRegistry registry;
    final TestImages images;
    final MockCluster cluster;
    final KubernetesClient client;
    final ControllerSettings settings;
    private final Operator operator;

    private OperatorFixture(Path dir, boolean honorBootMethod, Duration retryAfterImageFailure) {
        this(dir, honorBootMethod, retryAfterImageFailure, IPXE_SERVICE_URL, IMAGE_SERVER_URL);
    }

    private OperatorFixture(Path dir, boolean honorBootMethod, Duration retryAfterImageFailure, String ipxeServiceUrl,
                            String imageServerUrl) {
        registry = LocalRegistry.anonymous(dir);
        images = new TestImages(dir);
        images.multiArch.push(registry, TestImages.MULTI_ARCH, TestImages.TAG);
        images.legacy.push(registry, TestImages.LEGACY, TestImages.TAG);
        RegistryClient registryClient = RegistryClient.builder()
                .policy(RegistryPolicy.fromCsv(registry.address(), registry.address())).build();
        settings = new ControllerSettings(ipxeServiceUrl, imageServerUrl,
                new ImageResolver(registryClient, ImageResolver.DEFAULT_TTL, Duration.ofMillis(200),
                        java.time.Clock.systemUTC()), honorBootMethod, retryAfterImageFailure);
        cluster = MockCluster.start();
        client = cluster.client();
        KubernetesClient operatorClient = cluster.newClient();
        operator = new Operator(o -> BootControllers.configure(o.withKubernetesClient(operatorClient)));
        BootControllers.register(operator, settings, BootControllers.ALL);
        operator.start();
    }

    /** An operator run without the URL flags given as blank (upstream's Deployment passes neither). */
    static OperatorFixture withUrls(Path dir, String ipxeServiceUrl, String imageServerUrl) {
        return new OperatorFixture(dir, false, Duration.ofSeconds(1), ipxeServiceUrl, imageServerUrl);
    }

    static OperatorFixture start(Path dir, boolean honorBootMethod) {
        return new OperatorFixture(dir, honorBootMethod, Duration.ofSeconds(1));
    }

    String image(String repository) {
        return registry.address() + "/" + repository + ":" + TestImages.TAG;
    }

    Server createServer(String name, String uuid, List<NetworkInterface> nics) {
        Server server = new Server();
        server.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ServerSpec spec = new ServerSpec();
        spec.setSystemUUID(uuid);
        server.setSpec(spec);
        Server created = client.resources(Server.class).resource(server).create();
        ServerStatus status = new ServerStatus();
        status.setNetworkInterfaces(nics);
        created.setStatus(status);
        return client.resources(Server.class).resource(created).patchStatus();
    }

    ServerBootConfiguration createSbc(String namespace, String name, String server, String image, String secret,
                                      String bootMethod) {
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        ServerBootConfigurationSpec spec = new ServerBootConfigurationSpec();
        spec.setServerRef(new SecretRef(server));
        spec.setImage(image);
        spec.setIgnitionSecretRef(secret == null ? null : new SecretRef(secret));
        spec.setBootMethod(bootMethod);
        sbc.setSpec(spec);
        return client.resources(ServerBootConfiguration.class).resource(sbc).create();
    }

    Secret createSecret(String namespace, String name, Map<String, String> stringData) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        stringData.forEach((k, v) -> data.put(k, java.util.Base64.getEncoder().encodeToString(v.getBytes())));
        return client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .endMetadata().withData(data).build()).create();
    }

    ServerBootConfiguration sbc(String namespace, String name) {
        return client.resources(ServerBootConfiguration.class).inNamespace(namespace).withName(name).get();
    }

    IPXEBootConfig ipxe(String namespace, String name) {
        return client.resources(IPXEBootConfig.class).inNamespace(namespace).withName(name).get();
    }

    HTTPBootConfig http(String namespace, String name) {
        return client.resources(HTTPBootConfig.class).inNamespace(namespace).withName(name).get();
    }

    /** Waits until the ServerBootConfiguration's status state is {@code state}. */
    ServerBootConfiguration awaitSbcState(String namespace, String name, String state) {
        return Await.until("ServerBootConfiguration " + namespace + "/" + name + " in state " + state,
                () -> sbc(namespace, name), s -> s != null && s.getStatus() != null
                        && state.equals(s.getStatus().getState()));
    }

    static String state(BootConfigStatus status) {
        return status == null ? null : status.getState();
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            try {
                cluster.close();
            } finally {
                registry.close();
            }
        }
    }
}
