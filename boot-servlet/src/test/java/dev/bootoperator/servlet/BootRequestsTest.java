package dev.bootoperator.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BootRequestsTest {

    @ParameterizedTest
    @CsvSource({
            "/ipxe/abc, 0, /ipxe/abc",
            "/boot/x/ipxe/abc, 2, /ipxe/abc",
            "/boot/x/ipxe/a%2Fb, 2, /ipxe/a%2Fb",
            "/b%6Fot/ipxe, 1, /ipxe",
            "/boot/x, 2, /",
            "/boot/x/, 2, /",
            "/boot, 1, /",
    })
    void stripsMountSegmentsKeepingTheRestEncoded(String raw, int segments, String expected) {
        assertThat(BootRequests.stripSegments(raw, segments)).isEqualTo(expected);
    }
}
