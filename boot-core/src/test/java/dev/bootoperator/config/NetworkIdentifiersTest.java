package dev.bootoperator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkIdentifiersTest {
    @Test
    void macNotationsAreOneMac() {
        assertThat(NetworkIdentifiers.canonical("AA-BB-CC-DD-EE-FF")).isEqualTo("aa:bb:cc:dd:ee:ff");
        assertThat(NetworkIdentifiers.canonical("aabb.ccdd.eeff")).isEqualTo("aa:bb:cc:dd:ee:ff");
        assertThat(NetworkIdentifiers.canonical("aa:bb:cc:dd:ee:ff")).isEqualTo("aa:bb:cc:dd:ee:ff");
        assertThat(NetworkIdentifiers.canonical("AABBCCDDEEFF")).isEqualTo("aa:bb:cc:dd:ee:ff");
    }

    @Test
    void mixedSeparatorsAreNotAMac() {
        assertThat(NetworkIdentifiers.mac("aa:bb-cc:dd:ee:ff")).isEmpty();
        assertThat(NetworkIdentifiers.mac("10.0.0.1")).isEmpty();
    }

    @Test
    void ipv6FormsAreOneAddress() {
        assertThat(NetworkIdentifiers.canonical("::1")).isEqualTo(NetworkIdentifiers.canonical("0:0:0:0:0:0:0:1"));
        assertThat(NetworkIdentifiers.canonical("[FE80::1]")).isEqualTo(NetworkIdentifiers.canonical("fe80:0:0:0:0:0:0:1"));
        assertThat(NetworkIdentifiers.canonical("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(NetworkIdentifiers.canonical("10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void uuidsIgnoreCase() {
        assertThat(NetworkIdentifiers.uuid(" 4C4C4544-ABCD ")).isEqualTo("4c4c4544-abcd");
    }
}
