package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @ParameterizedTest
    @CsvSource({
            "':8082', '', 8082, ':8082'",
            "'127.0.0.1:9000', 127.0.0.1, 9000, '127.0.0.1:9000'",
            "'boot.example:80', boot.example, 80, 'boot.example:80'",
            "'[::1]:8082', '::1', 8082, '[::1]:8082'",
            "'[fe80::1%eth0]:8082', 'fe80::1%eth0', 8082, '[fe80::1%eth0]:8082'",
            "'0.0.0.0:0', 0.0.0.0, 0, '0.0.0.0:0'",
    })
    void parsesGoListenAddresses(String text, String host, int port, String printed) {
        ListenAddress address = ListenAddress.parse(text);

        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
        assertThat(address).hasToString(printed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8082", "nope", "127.0.0.1:", ":99999", ":-1", "::1:8082", "[::1]8082", "[::1]:",
            "host:abc", "a b:80", "[nothost]:80", "host_name:80"})
    void refusesWhatGoWouldNotListenOn(String text) {
        assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {":8082", "0.0.0.0:8082", "[::]:8082"})
    void everyInterfaceIsTriedThroughLoopback(String text) {
        assertThat(CurlHints.clientHost(ListenAddress.parse(text))).isEqualTo("127.0.0.1");
    }
}
