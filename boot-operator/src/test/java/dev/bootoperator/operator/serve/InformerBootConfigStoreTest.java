package dev.bootoperator.operator.serve;

import static dev.bootoperator.operator.serve.Fixtures.NS;
import static dev.bootoperator.operator.serve.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.operator.HTTPBootConfig;
import dev.bootoperator.operator.IPXEBootConfig;
import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Index lookups over the informer caches follow creates, updates and deletes made through the API. */
class InformerBootConfigStoreTest {
    private static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";

    private MockCluster cluster;
    private KubernetesClient client;
    private InformerBootConfigStore store;

    @BeforeEach
    void start() throws Exception {
        cluster = MockCluster.start();
        client = cluster.client();
        store = InformerBootConfigStore.start(cluster.newClient(), Optional.empty());
        store.awaitReady(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        store.close();
        cluster.close();
    }

    @Test
    void ipxeConfigsAreFoundByUuidInAnyCaseAndByIpAndFollowUpdatesAndDeletes() throws Exception {
        assertThat(store.ready()).isTrue();
        Fixtures.ipxe(client, "node-1", UUID.toUpperCase(), List.of("10.0.0.5", "2001:db8::1"), "http://images/k1", null);
        // The informer updates its indexes one after another, so wait for both that are read below.
        await("node-1 is indexed", () -> !store.ipxeConfigsBySystemUuid(UUID).isEmpty()
                && !store.ipxeConfigsBySystemIp("10.0.0.5").isEmpty());

        IpxeBootConfig found = store.ipxeConfigsBySystemUuid(" " + UUID.toUpperCase() + " ").get(0);
        assertThat(found.key()).isEqualTo(ObjectKey.of(NS, "node-1"));
        assertThat(found.kernelUrl()).isEqualTo("http://images/k1");
        assertThat(found.ignitionSecretName()).contains("node-1-ignition");
        assertThat(store.ipxeConfigsBySystemIp("10.0.0.5")).containsExactly(found);
        assertThat(store.ipxeConfigsBySystemIp("2001:0db8:0:0:0:0:0:1")).as("IPv6 in another notation")
                .containsExactly(found);

        IPXEBootConfig changed = client.resources(IPXEBootConfig.class).inNamespace(NS).withName("node-1").get();
        changed.getSpec().setSystemIPs(List.of("10.0.0.6"));
        changed.getSpec().setKernelURL("http://images/k2");
        client.resources(IPXEBootConfig.class).resource(changed).update();
        await("the update is indexed", () -> !store.ipxeConfigsBySystemIp("10.0.0.6").isEmpty());
        assertThat(store.ipxeConfigsBySystemIp("10.0.0.5")).isEmpty();
        assertThat(store.ipxeConfigsBySystemUuid(UUID)).singleElement()
                .satisfies(c -> assertThat(c.kernelUrl()).isEqualTo("http://images/k2"));

        client.resources(IPXEBootConfig.class).inNamespace(NS).withName("node-1").delete();
        await("the delete is indexed", () -> store.ipxeConfigsBySystemUuid(UUID).isEmpty()
                && store.ipxeConfigsBySystemIp("10.0.0.6").isEmpty());
        assertThat(store.ipxeConfigsBySystemIp("10.0.0.6")).isEmpty();
    }

    @Test
    void httpConfigsAreFoundByMacInAnyNotationAndByIpAndUuid() throws Exception {
        Fixtures.http(client, "node-2", UUID, List.of("AA-BB-CC-DD-EE-FF", "10.0.0.7"), "http://images/uki.efi");
        await("node-2 is indexed", () -> !store.httpConfigsBySystemUuid(UUID).isEmpty()
                && !store.httpConfigsByNetworkIdentifier("10.0.0.7").isEmpty());

        HttpBootConfig found = store.httpConfigsBySystemUuid(UUID.toUpperCase()).get(0);
        assertThat(found.ukiUrl()).contains("http://images/uki.efi");
        for (String mac : List.of("aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF", "aabb.ccdd.eeff", "aabbccddeeff")) {
            assertThat(store.httpConfigsByNetworkIdentifier(mac)).as(mac).containsExactly(found);
        }
        assertThat(store.httpConfigsByNetworkIdentifier("10.0.0.7")).containsExactly(found);
        assertThat(store.httpConfigsByNetworkIdentifier("aa:bb:cc:dd:ee:00")).isEmpty();

        HTTPBootConfig changed = client.resources(HTTPBootConfig.class).inNamespace(NS).withName("node-2").get();
        changed.getSpec().setNetworkIdentifiers(List.of("11:22:33:44:55:66"));
        client.resources(HTTPBootConfig.class).resource(changed).update();
        await("the new MAC is indexed", () -> !store.httpConfigsByNetworkIdentifier("112233445566").isEmpty());
        assertThat(store.httpConfigsByNetworkIdentifier("aa-bb-cc-dd-ee-ff")).isEmpty();

        client.resources(HTTPBootConfig.class).inNamespace(NS).withName("node-2").delete();
        await("the delete is indexed", () -> store.httpConfigsByNetworkIdentifier("11-22-33-44-55-66").isEmpty());
    }

    @Test
    void severalConfigsForOneMachineComeOrderedByKeyAndSecretsAreDecoded() throws Exception {
        Fixtures.ipxe(client, "b-config", UUID, List.of(), "http://images/b", null);
        Fixtures.ipxe(client, "a-config", UUID, List.of(), "http://images/a", null);
        Fixtures.ignitionSecret(client, "a-config-ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        await("both are indexed", () -> store.ipxeConfigsBySystemUuid(UUID).size() == 2);
        await("the secret is cached", () -> store.secret(ObjectKey.of(NS, "a-config-ignition")).isPresent());

        assertThat(store.ipxeConfigsBySystemUuid(UUID)).extracting(c -> c.key().name())
                .containsExactly("a-config", "b-config");
        assertThat(new String(store.secret(ObjectKey.of(NS, "a-config-ignition")).get().value("ignition").get(),
                StandardCharsets.UTF_8)).isEqualTo("{\"ignition\":{\"version\":\"3.4.0\"}}");
        assertThat(store.all()).extracting(r -> r.kind() + " " + r.key().name())
                .contains("IPXEBootConfig a-config", "IPXEBootConfig b-config", "Secret a-config-ignition");
    }

    @Test
    void anUnchangedSecretIsTheSameRecordSoItsTranslationStaysMemoisedAndAChangeIsANewOne() throws Exception {
        Fixtures.ignitionSecret(client, "s", "{\"ignition\":{\"version\":\"3.4.0\"}}");
        ObjectKey key = ObjectKey.of(NS, "s");
        await("the secret is cached", () -> store.secret(key).isPresent());
        dev.bootoperator.config.Secret first = store.secret(key).orElseThrow();
        assertThat(store.secret(key).orElseThrow()).as("the renderer's memo compares identity").isSameAs(first);

        client.secrets().inNamespace(NS).withName("s").edit(s -> {
            s.setData(java.util.Map.of("ignition", java.util.Base64.getEncoder().encodeToString("{}".getBytes())));
            return s;
        });
        await("the change is cached", () -> new String(store.secret(key).orElseThrow().value("ignition").orElseThrow(),
                StandardCharsets.UTF_8).equals("{}"));
        assertThat(store.secret(key).orElseThrow()).isNotSameAs(first);
    }

    @Test
    void aNamespacedStoreSeesOnlyItsNamespace() throws Exception {
        try (InformerBootConfigStore other = InformerBootConfigStore.start(client, Optional.of("elsewhere"))) {
            other.awaitReady(Duration.ofSeconds(10));
            Fixtures.ipxe(client, "node-3", UUID, List.of(), "http://images/k", null);
            await("the all-namespaces store sees it", () -> !store.ipxeConfigsBySystemUuid(UUID).isEmpty());
            assertThat(other.ipxeConfigsBySystemUuid(UUID)).isEmpty();
        }
    }
}
