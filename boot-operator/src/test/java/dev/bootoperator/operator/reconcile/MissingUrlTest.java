package dev.bootoperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import dev.bootoperator.operator.metal.ServerBootConfigurationSpec;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator started without {@code --ipxe-service-url} and/or {@code --image-server-url} (upstream's own
 * Deployment passes neither; the Helm chart passes a placeholder): the ServerBootConfigurations that need the URL go
 * to Error with a condition naming the flag, the others are served by the boot method that has its URL.
 */
class MissingUrlTest {
    private static final String NS = "default";

    @TempDir
    Path dir;

    @Test
    void withoutTheIpxeUrlPxeRequestsFailNamingTheFlagAndTheRestBootOverHttp() throws Exception {
        try (OperatorFixture fx = OperatorFixture.withUrls(dir, "", OperatorFixture.IMAGE_SERVER_URL)) {
            fx.createServer("s1", "uuid-s1", List.of(new NetworkInterface("eth0", "10.0.9.1", "aa:00:00:00:09:01")));
            fx.createServer("s2", "uuid-s2", List.of(new NetworkInterface("eth0", "10.0.9.2", "aa:00:00:00:09:02")));
            fx.createSbc(NS, "any-method", "s1", fx.image(TestImages.MULTI_ARCH), null, null);
            fx.createSbc(NS, "pxe", "s2", fx.image(TestImages.MULTI_ARCH), null,
                    ServerBootConfigurationSpec.BOOT_METHOD_PXE);

            ServerBootConfiguration pxe = fx.awaitSbcState(NS, "pxe", BootConfigStatus.ERROR);
            assertThat(imageValidation(pxe)).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo(Conditions.REASON_FLAG_NOT_SET);
                assertThat(c.getMessage()).startsWith("IPXEBootConfig: ").contains("--ipxe-service-url")
                        .doesNotContain("--image-server-url");
            });

            // No boot method asked for: the HTTP side, which has its URL, serves it.
            ServerBootConfiguration any = fx.awaitSbcState(NS, "any-method", BootConfigStatus.READY);
            assertThat(any.getStatus().getConditions()).noneMatch(c -> Conditions.IMAGE_VALIDATION.equals(c.getType()));
            assertThat(fx.http(NS, "any-method")).isNotNull();
            assertThat(fx.ipxe(NS, "any-method")).as("no IPXEBootConfig without an iPXE service URL").isNull();
        }
    }

    @Test
    void withNeitherUrlEveryServerBootConfigurationIsErrorNamingBothFlags() throws Exception {
        try (OperatorFixture fx = OperatorFixture.withUrls(Files.createDirectories(dir.resolve("none")), "", "")) {
            fx.createServer("s3", "uuid-s3", List.of(new NetworkInterface("eth0", "10.0.9.3", "aa:00:00:00:09:03")));
            fx.createSbc(NS, "nothing", "s3", fx.image(TestImages.MULTI_ARCH), null, null);

            ServerBootConfiguration sbc = fx.awaitSbcState(NS, "nothing", BootConfigStatus.ERROR);
            assertThat(imageValidation(sbc)).satisfies(c -> {
                assertThat(c.getReason()).isEqualTo(Conditions.REASON_FLAG_NOT_SET);
                assertThat(c.getMessage()).contains("--ipxe-service-url", "--image-server-url");
            });
            assertThat(fx.ipxe(NS, "nothing")).isNull();
            assertThat(fx.http(NS, "nothing")).isNull();
        }
    }

    private static Condition imageValidation(ServerBootConfiguration sbc) {
        return sbc.getStatus().getConditions().stream().filter(c -> Conditions.IMAGE_VALIDATION.equals(c.getType()))
                .findFirst().orElseThrow(() -> new AssertionError("no ImageValidation condition: " + sbc.getStatus()));
    }
}
