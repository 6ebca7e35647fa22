package dev.bootoperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.oci.RegistryClient;
import io.javaoperatorsdk.operator.Operator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The entry point the operator main calls: controller names and settings checks. */
class BootControllersTest {
    @Test
    void parsesTheControllersFlag() {
        assertThat(BootControllers.parse(" ipxebootconfig, serverbootconfigpxe ,,"))
                .containsExactly("ipxebootconfig", "serverbootconfigpxe");
        assertThat(BootControllers.ALL).containsExactly("ipxebootconfig", "serverbootconfigpxe", "httpbootconfig",
                "serverbootconfighttp");
    }

    @Test
    void anUnknownControllerIsRejectedListingTheValidOnes() {
        assertThatThrownBy(() -> BootControllers.parse("ipxebootconfig,serverbootconfig,virtualmedia"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown controllers serverbootconfig, virtualmedia; valid: ipxebootconfig, "
                        + "serverbootconfigpxe, httpbootconfig, serverbootconfighttp");
        try (RegistryClient registry = RegistryClient.builder().build()) {
            ControllerSettings settings = ControllerSettings.of("http://a", "http://b", registry, false);
            assertThatThrownBy(() -> BootControllers.register(new Operator(BootControllers::configure), settings,
                    Set.of("ipxe")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown controller ipxe; valid:");
        }
    }

    @Test
    void aServerBootConfigurationControllerRegistersWithoutItsUrl() {
        // The process starts without the URL, as upstream; the ServerBootConfigurations that need it report Error
        // (MissingUrlTest).
        try (RegistryClient registry = RegistryClient.builder().build()) {
            ControllerSettings noUrls = ControllerSettings.of(" ", "http://b/", registry, false);
            assertThat(noUrls.imageServerUrl()).isEqualTo("http://b");
            assertThat(BootControllers.register(new Operator(BootControllers::configure), noUrls,
                    Set.of(BootControllers.SERVER_BOOT_CONFIG_PXE, BootControllers.SERVER_BOOT_CONFIG_HTTP))).hasSize(2);
        }
    }
}
