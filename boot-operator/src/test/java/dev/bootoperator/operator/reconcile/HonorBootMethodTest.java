package dev.bootoperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.TestImages;
import dev.bootoperator.operator.BootConfigStatus;
import dev.bootoperator.operator.metal.NetworkInterface;
import dev.bootoperator.operator.metal.ServerBootConfiguration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --honor-boot-method}: only the child that {@code spec.bootMethod} asks for exists. */
class HonorBootMethodTest {
    private static final String NS = "default";

    @TempDir
    static Path dir;
    static OperatorFixture fx;

    @BeforeAll
    static void start() {
        fx = OperatorFixture.start(dir, true);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void onlyTheAskedForChildExistsAndSwitchingTheMethodRemovesTheOther() {
        fx.createServer("switch-server", "uuid-switch", List.of(new NetworkInterface("eth0", "10.2.0.5", "aa:00:00:00:02:05")));
        fx.createSbc(NS, "switch", "switch-server", fx.image(TestImages.MULTI_ARCH), null, "PXE");
        fx.awaitSbcState(NS, "switch", BootConfigStatus.READY);
        assertThat(fx.ipxe(NS, "switch")).isNotNull();
        assertThat(fx.http(NS, "switch")).isNull();

        fx.client.resources(ServerBootConfiguration.class).inNamespace(NS).withName("switch").edit(s -> {
            s.getSpec().setBootMethod("HTTPBoot");
            return s;
        });
        Await.until("IPXEBootConfig switch deleted and HTTPBootConfig switch Ready",
                () -> fx.ipxe(NS, "switch") == null && fx.http(NS, "switch") != null
                        && BootConfigStatus.READY.equals(OperatorFixture.state(fx.http(NS, "switch").getStatus())),
                done -> done);
        assertThat(fx.http(NS, "switch").getSpec().getUkiURL()).endsWith(fx.images.amd64Uki.digest().hex() + ".efi");
        assertThat(fx.sbc(NS, "switch").getStatus().getState()).isEqualTo(BootConfigStatus.READY);
    }

    @Test
    void anImageWithoutAUkiIsFineWhenOnlyPxeIsAskedFor() {
        fx.createServer("pxe-only-server", "uuid-pxe-only", List.of(new NetworkInterface("eth0", "10.2.1.5", "aa:00:00:00:02:06")));
        fx.createSbc(NS, "pxe-only", "pxe-only-server", fx.image(TestImages.LEGACY), null, "PXE");

        ServerBootConfiguration sbc = fx.awaitSbcState(NS, "pxe-only", BootConfigStatus.READY);
        assertThat(sbc.getStatus().getConditions()).noneMatch(c -> c.getType().equals(Conditions.IMAGE_VALIDATION));
        assertThat(fx.ipxe(NS, "pxe-only").getSpec().getKernelURL()).contains(fx.images.legacyKernel.digest().hex());
        assertThat(fx.http(NS, "pxe-only")).isNull();
    }

    @Test
    void aLegacyImageAskedForOverHttpBootFailsAndSwitchingToPxeClearsTheFailure() {
        fx.createServer("to-pxe-server", "uuid-to-pxe", List.of(new NetworkInterface("eth0", "10.2.2.5", "aa:00:00:00:02:07")));
        fx.createSbc(NS, "to-pxe", "to-pxe-server", fx.image(TestImages.LEGACY), null, "HTTPBoot");
        ServerBootConfiguration failed = fx.awaitSbcState(NS, "to-pxe", BootConfigStatus.ERROR);
        assertThat(failed.getStatus().getConditions()).anyMatch(c -> c.getType().equals(Conditions.IMAGE_VALIDATION)
                && c.getMessage().startsWith("HTTPBootConfig: ") && c.getMessage().contains("boot/legacy"));

        fx.client.resources(ServerBootConfiguration.class).inNamespace(NS).withName("to-pxe").edit(s -> {
            s.getSpec().setBootMethod("PXE");
            return s;
        });
        ServerBootConfiguration ready = fx.awaitSbcState(NS, "to-pxe", BootConfigStatus.READY);
        assertThat(ready.getStatus().getConditions()).noneMatch(c -> c.getType().equals(Conditions.IMAGE_VALIDATION));
    }
}
