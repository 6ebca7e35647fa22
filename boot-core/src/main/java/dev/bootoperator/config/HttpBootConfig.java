package dev.bootoperator.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a machine booting through UEFI HTTP boot should load: {@code boot.ironcore.dev/v1alpha1 HTTPBootConfig}.
 *
 * @param systemUuid         the SMBIOS UUID, used to find the machine's Ignition; may be empty
 * @param networkIdentifiers IP addresses and MAC addresses of the machine; a request from any of them matches
 * @param ukiUrl             the Unified Kernel Image the firmware should load
 * @param ignitionSecretName the secret (same namespace) whose {@code ignition} key is the machine's Ignition
 */
public record HttpBootConfig(
        ObjectKey key,
        String systemUuid,
        List<String> networkIdentifiers,
        Optional<String> ukiUrl,
        Optional<String> ignitionSecretName) implements BootResource {

    public static final String KIND = "HTTPBootConfig";

    public HttpBootConfig {
        Objects.requireNonNull(key, "key");
        systemUuid = systemUuid == null ? "" : systemUuid;
        networkIdentifiers = List.copyOf(networkIdentifiers);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
