package dev.bootoperator.operator.serve;

import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.HTTPBootConfigSpec;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.IPXEBootConfigSpec;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.ObjectReference;
import dev.bootoperator.operator.metal.Server;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import dev.bootoperator.operator.metal.ServerSpec;
import dev.bootoperator.operator.metal.ServerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Objects as metal-operator and the boot operator's reconcilers would create them, and a plain HTTP client. */
final class Fixtures {
    static final String NS = "default";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Fixtures() {
    }

    static ServerBootConfiguration sbc(KubernetesClient client, String name, String server) {
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
        ServerBootConfigurationSpec spec = new ServerBootConfigurationSpec();
        spec.setServerRef(new SecretRef(server));
        spec.setImage("ghcr.io/gardenlinux/gardenlinux:1877.0");
        sbc.setSpec(spec);
        return client.resources(ServerBootConfiguration.class).resource(sbc).create();
    }

    static Server server(KubernetesClient client, String name, String uuid, String workloadSbc, String maintenanceSbc,
            String state) {
        Server server = new Server();
        server.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ServerSpec spec = new ServerSpec();
        spec.setSystemUUID(uuid);
        if (workloadSbc != null) {
            spec.setBootConfigurationRef(new ObjectReference(NS, workloadSbc));
        }
        if (maintenanceSbc != null) {
            spec.setMaintenanceBootConfigurationRef(new ObjectReference(NS, maintenanceSbc));
        }
        server.setSpec(spec);
        Server created = client.resources(Server.class).resource(server).create();
        if (state != null) {
            setServerState(client, name, state);
        }
        return created;
    }

    static void setServerState(KubernetesClient client, String name, String state) {
        Server server = client.resources(Server.class).withName(name).get();
        ServerStatus status = new ServerStatus();
        status.setState(state);
        server.setStatus(status);
        client.resources(Server.class).resource(server).patchStatus();
    }

    static IPXEBootConfig ipxe(KubernetesClient client, String name, String uuid, List<String> ips, String kernel,
            HasMetadata owner) {
        IPXEBootConfig config = new IPXEBootConfig();
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withNamespace(NS).withName(name);
        if (owner != null) {
            meta.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid()).withController(true).build());
        }
        config.setMetadata(meta.build());
        IPXEBootConfigSpec spec = new IPXEBootConfigSpec();
        spec.setSystemUUID(uuid);
        spec.setSystemIPs(ips);
        spec.setKernelURL(kernel);
        spec.setInitrdURL("http://images/initrd");
        spec.setIgnitionSecretRef(new SecretRef(name + "-ignition"));
        config.setSpec(spec);
        return client.resources(IPXEBootConfig.class).resource(config).create();
    }

    static HTTPBootConfig http(KubernetesClient client, String name, String uuid, List<String> identifiers, String uki) {
        HTTPBootConfig config = new HTTPBootConfig();
        config.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
        HTTPBootConfigSpec spec = new HTTPBootConfigSpec();
        spec.setSystemUUID(uuid);
        spec.setNetworkIdentifiers(identifiers);
        spec.setUkiURL(uki);
        config.setSpec(spec);
        return client.resources(HTTPBootConfig.class).resource(config).create();
    }

    static void ignitionSecret(KubernetesClient client, String name, String ignitionJson) {
        client.secrets().resource(new SecretBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withData(Map.of("ignition", java.util.Base64.getEncoder().encodeToString(ignitionJson.getBytes())))
                .build()).create();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
