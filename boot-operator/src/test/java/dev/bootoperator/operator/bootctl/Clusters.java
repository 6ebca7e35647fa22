package dev.bootoperator.operator.bootctl;

import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.HTTPBootConfigSpec;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.IPXEBootConfigSpec;
import dev.bootoperator.operator.SecretRef;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Builders for the objects bootctl moves, a snapshot of a cluster, and a client that fails on demand. */
final class Clusters {
    private Clusters() {}

    static ServerBootConfiguration sbc(KubernetesClient client, String ns, String name) {
        ServerBootConfiguration sbc = new ServerBootConfiguration();
        sbc.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        ServerBootConfigurationSpec spec = new ServerBootConfigurationSpec();
        spec.setServerRef(new SecretRef("server-" + name));
        spec.setImage("ghcr.io/gardenlinux/gardenlinux:1877.0");
        sbc.setSpec(spec);
        return client.resource(sbc).create();
    }

    static Secret secret(KubernetesClient client, String ns, String name, String key, String value) {
        return client.resource(new SecretBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withType("Opaque")
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .build()).create();
    }

    static IPXEBootConfig ipxe(String ns, String name, String kernel, String ignition, String script,
            ServerBootConfiguration owner) {
        IPXEBootConfig config = new IPXEBootConfig();
        config.setMetadata(metadata(ns, name, owner));
        IPXEBootConfigSpec spec = new IPXEBootConfigSpec();
        spec.setSystemUUID("uuid-" + name);
        spec.setKernelURL(kernel);
        spec.setInitrdURL("http://images/initrd");
        if (ignition != null) {
            spec.setIgnitionSecretRef(new SecretRef(ignition));
        }
        if (script != null) {
            spec.setIpxeScriptSecretRef(new SecretRef(script));
        }
        config.setSpec(spec);
        return config;
    }

    static HTTPBootConfig http(String ns, String name, String ignition, ServerBootConfiguration owner) {
        HTTPBootConfig config = new HTTPBootConfig();
        config.setMetadata(metadata(ns, name, owner));
        HTTPBootConfigSpec spec = new HTTPBootConfigSpec();
        spec.setSystemUUID("uuid-" + name);
        spec.setUkiURL("http://images/" + name + ".efi");
        spec.setNetworkIdentifiers(List.of("10.0.0.7"));
        if (ignition != null) {
            spec.setIgnitionSecretRef(new SecretRef(ignition));
        }
        config.setSpec(spec);
        return config;
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta metadata(String ns, String name,
            ServerBootConfiguration owner) {
        ObjectMetaBuilder metadata = new ObjectMetaBuilder().withNamespace(ns).withName(name)
                .addToLabels("app", "boot");
        if (owner != null) {
            metadata.withOwnerReferences(new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                    .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                    .withController(true).withBlockOwnerDeletion(true).build());
        }
        return metadata.build();
    }

    /**
     * Everything bootctl could touch, keyed by "Kind ns/name", with uid, resourceVersion and content: two
     * snapshots are equal only when no object was created, deleted or rewritten in between.
     */
    static Map<String, String> snapshot(KubernetesClient client) {
        Map<String, String> objects = new TreeMap<>();
        Stream.of(client.resources(IPXEBootConfig.class).inAnyNamespace().list().getItems(),
                        client.resources(HTTPBootConfig.class).inAnyNamespace().list().getItems(),
                        client.resources(ServerBootConfiguration.class).inAnyNamespace().list().getItems(),
                        client.secrets().inAnyNamespace().list().getItems())
                .flatMap(List::stream)
                .forEach(o -> objects.put(key(o), client.getKubernetesSerialization().asJson(o)));
        return objects;
    }

    static String key(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    /**
     * A client on the same server whose requests fail, as if the connection dropped, when they match a
     * registered fault: the mock API server cannot be made to fail one particular write on its own.
     */
    static final class FaultyClient {
        private final List<Predicate<HttpRequest>> faults = new CopyOnWriteArrayList<>();
        final KubernetesClient client;

        FaultyClient(KubernetesClient healthy) {
            client = new KubernetesClientBuilder()
                    .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(healthy.getConfiguration())
                            .withRequestRetryBackoffLimit(0).build())
                    .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("faults",
                            new Interceptor() {
                                @Override
                                public void before(BasicBuilder b, HttpRequest request, RequestTags tags) {
                                    if (faults.stream().anyMatch(f -> f.test(request))) {
                                        throw new KubernetesClientException("injected fault: connection reset during "
                                                + request.method() + " " + request.uri().getPath());
                                    }
                                }
                            }))
                    .build();
        }

        /** Fails the create (POST) of the object with this name. */
        FaultyClient failCreateOf(String name) {
            faults.add(r -> r.method().equals("POST") && r.bodyString() != null
                    && r.bodyString().contains("\"name\":\"" + name + "\""));
            return this;
        }

        /** Fails the delete of the object with this name. */
        FaultyClient failDeleteOf(String name) {
            faults.add(r -> r.method().equals("DELETE") && r.uri().getPath().endsWith("/" + name));
            return this;
        }
    }
}
