package dev.bootoperator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootIndexTest {
    static IpxeBootConfig ipxe(String name, String uuid, String... ips) {
        return new IpxeBootConfig(ObjectKey.of("default", name), uuid, List.of(ips), Optional.empty(), "http://k/" + name,
                "http://i/" + name, Optional.empty(), Optional.empty(), Optional.of(name + "-ign"), Optional.empty());
    }

    static HttpBootConfig http(String name, String uuid, String... ids) {
        return new HttpBootConfig(ObjectKey.of("default", name), uuid, List.of(ids), Optional.of("http://uki/" + name),
                Optional.of(name + "-ign"));
    }

    @Test
    void findsIpxeConfigsByUuidIgnoringCaseAndByIp() {
        BootIndex index = BootIndex.of(List.of(ipxe("a", "4C4C4544-AAAA", "10.0.0.1"), ipxe("b", "other")));
        assertThat(index.ipxeConfigsBySystemUuid("4c4c4544-aaaa")).extracting(c -> c.key().name()).containsExactly("a");
        assertThat(index.ipxeConfigsBySystemUuid("4C4C4544-AAAA")).hasSize(1);
        assertThat(index.ipxeConfigsBySystemIp("10.0.0.1")).hasSize(1);
        assertThat(index.ipxeConfigsBySystemUuid("missing")).isEmpty();
    }

    @Test
    void findsHttpConfigsByMacInAnyNotationAndByIp() {
        BootIndex index = BootIndex.of(List.of(http("a", "u1", "10.0.0.2", "AA-BB-CC-DD-EE-FF")));
        assertThat(index.httpConfigsByNetworkIdentifier("aa:bb:cc:dd:ee:ff")).hasSize(1);
        assertThat(index.httpConfigsByNetworkIdentifier("aabb.ccdd.eeff")).hasSize(1);
        assertThat(index.httpConfigsByNetworkIdentifier("10.0.0.2")).hasSize(1);
        assertThat(index.httpConfigsBySystemUuid("U1")).hasSize(1);
        assertThat(index.httpConfigsByNetworkIdentifier("10.0.0.3")).isEmpty();
    }

    @Test
    void severalMatchesComeOrderedByNamespaceAndName() {
        BootIndex index = BootIndex.of(List.of(ipxe("z-workload", "u"), ipxe("a-maintenance", "u")));
        assertThat(index.ipxeConfigsBySystemUuid("u")).extracting(c -> c.key().name())
                .containsExactly("a-maintenance", "z-workload");
    }

    @Test
    void aLaterResourceWithTheSameKindAndKeyReplacesTheEarlierOne() {
        BootIndex index = BootIndex.of(List.of(ipxe("a", "old-uuid"), ipxe("a", "new-uuid")));
        assertThat(index.ipxeConfigsBySystemUuid("old-uuid")).isEmpty();
        assertThat(index.ipxeConfigsBySystemUuid("new-uuid")).hasSize(1);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void secretsAreFoundByNamespaceAndName() {
        Secret s = Secret.ofStrings(new ObjectKey("ns", "s"), Map.of("ignition", "{}"));
        BootIndex index = BootIndex.of(List.of(s));
        assertThat(index.secret(new ObjectKey("ns", "s"))).contains(s);
        assertThat(index.secret(new ObjectKey("default", "s"))).isEmpty();
    }

    @Test
    void inMemoryStorePublishesEachChange() {
        InMemoryBootConfigStore store = new InMemoryBootConfigStore();
        store.put(ipxe("a", "u"));
        assertThat(store.ipxeConfigsBySystemUuid("u")).hasSize(1);
        assertThat(store.remove(IpxeBootConfig.KIND, ObjectKey.of("default", "a"))).isTrue();
        assertThat(store.ipxeConfigsBySystemUuid("u")).isEmpty();
        store.replaceAll(List.of(ipxe("b", "v"), http("c", "w", "10.1.1.1")));
        assertThat(store.all()).hasSize(2);
        assertThat(store.httpConfigsByNetworkIdentifier("10.1.1.1")).hasSize(1);
    }
}
