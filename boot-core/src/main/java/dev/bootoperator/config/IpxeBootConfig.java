package dev.bootoperator.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a machine booting through iPXE should load: {@code boot.ironcore.dev/v1alpha1 IPXEBootConfig}.
 *
 * <pre>{@code
 * new IpxeBootConfig(ObjectKey.of("default", "node-1"), "4c4c4544-...", List.of("10.0.0.5"),
 *     Optional.empty(), "http://images/kernel", "http://images/initrd", Optional.empty(),
 *     Optional.empty(), Optional.of("node-1-ignition"), Optional.empty());
 * }</pre>
 *
 * @param systemUuid         the SMBIOS UUID the machine reports; may be empty when the config is matched by IP only
 * @param image              deprecated upstream field, kept for round trips
 * @param ipxeServerUrl      deprecated upstream field, kept for round trips
 * @param ignitionSecretName the secret (same namespace) whose {@code ignition} key is the machine's Ignition
 * @param ipxeScriptSecretName a secret whose {@code ipxe-script} key replaces the rendered script
 */
public record IpxeBootConfig(
        ObjectKey key,
        String systemUuid,
        List<String> systemIps,
        Optional<String> image,
        String kernelUrl,
        String initrdUrl,
        Optional<String> squashfsUrl,
        Optional<String> ipxeServerUrl,
        Optional<String> ignitionSecretName,
        Optional<String> ipxeScriptSecretName) implements BootResource {

    public static final String KIND = "IPXEBootConfig";

    public IpxeBootConfig {
        Objects.requireNonNull(key, "key");
        systemUuid = systemUuid == null ? "" : systemUuid;
        systemIps = List.copyOf(systemIps);
        Objects.requireNonNull(kernelUrl, "kernelUrl");
        Objects.requireNonNull(initrdUrl, "initrdUrl");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
