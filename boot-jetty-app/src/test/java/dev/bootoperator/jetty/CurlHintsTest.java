package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CurlHintsTest {
    private static final String BASE = "http://127.0.0.1:8082";
    private static final List<BootResource> MACHINES = List.of(
            new IpxeBootConfig(ObjectKey.of("default", "a"), "uuid-a", List.of(), Optional.empty(), "k", "i",
                    Optional.empty(), Optional.empty(), Optional.of("a-ign"), Optional.empty()),
            new HttpBootConfig(ObjectKey.of("default", "b"), "uuid-b", List.of("10.0.0.2", "aa:bb:cc:dd:ee:ff"),
                    Optional.of("http://uki"), Optional.of("b-ign")));

    @Test
    void namesACommandForEveryLoadedMachine() {
        assertThat(CurlHints.of(MACHINES, BASE, true)).containsExactly(
                "curl -s http://127.0.0.1:8082/ipxe",
                "curl -s http://127.0.0.1:8082/ipxe/uuid-a",
                "curl -s http://127.0.0.1:8082/ignition/uuid-a",
                "curl -s -H 'X-Forwarded-For: 10.0.0.2' http://127.0.0.1:8082/httpboot",
                "curl -s http://127.0.0.1:8082/ignition/uuid-b",
                "curl -s http://127.0.0.1:8082/metrics");
    }

    @Test
    void leavesOutIpxeWhenItIsDisabled() {
        assertThat(CurlHints.of(MACHINES, BASE, false)).noneMatch(h -> h.contains("/ipxe"));
    }

    @Test
    void pointsAtHealthWhenNothingIsLoaded() {
        assertThat(CurlHints.of(List.of(), BASE, true).get(1)).startsWith("curl -s " + BASE + "/healthz");
    }
}
