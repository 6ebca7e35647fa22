package dev.bootoperator.servlet;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.store.InMemoryBootConfigStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The machines every servlet test boots, filled into an {@link InMemoryBootConfigStore} programmatically. */
final class TestMachines {
    static final String IPXE_SERVICE_URL = "http://boot.example:8082";
    static final String DEFAULT_UKI = "http://images.example/default.efi";

    /** iPXE, with squashfs and a Butane Ignition. Stored lower case; requests may use any case. */
    static final String SQUASHFS_UUID = "4c4c4544-0042-3510-8056-b4c04f445931";
    static final String KERNEL = "http://images.example/1877/kernel";
    static final String INITRD = "http://images.example/1877/initramfs";
    static final String SQUASHFS = "http://images.example/1877/root.squashfs";
    /** iPXE, without squashfs, with a JSON Ignition. */
    static final String PLAIN_UUID = "11111111-2222-3333-4444-555555555555";
    /** iPXE with a custom script from {@code ipxeScriptSecretRef}. */
    static final String CUSTOM_UUID = "c0570000-0000-0000-0000-000000000001";
    static final String CUSTOM_SCRIPT = "#!ipxe\r\n# written by hand\necho custom ${uuid}\n\tsanboot --no-describe iscsi:10.0.0.1::::iqn.x\n";
    /** iPXE configs whose Ignition cannot be served, one fault each. */
    static final String NO_IGNITION_REF_UUID = "00000000-0000-0000-0000-00000000000a";
    static final String MISSING_SECRET_UUID = "00000000-0000-0000-0000-00000000000b";
    static final String MISSING_KEY_UUID = "00000000-0000-0000-0000-00000000000c";
    static final String BAD_BUTANE_UUID = "00000000-0000-0000-0000-00000000000d";
    /** HTTP boot, matched by IP or MAC. */
    static final String HTTP_UUID = "8d2e7f3a-55b1-4c1e-9a0b-2f6c3d4e5a61";
    static final String HTTP_IP = "10.0.10.31";
    static final String HTTP_MAC = "3c:ec:ef:12:34:56";
    static final String HTTP_UKI = "http://images.example/1877/gardenlinux.efi";
    /** HTTP boot, matched by the test client's own address (no X-Forwarded-For). */
    static final String LOOPBACK_UUID = "7f000001-0000-0000-0000-000000000001";
    static final String LOOPBACK_UKI = "http://images.example/loopback.efi";

    static final String BUTANE = """
            variant: fcos
            version: 1.5.0
            storage:
              files:
                - path: /etc/hostname
                  mode: 0644
                  contents:
                    inline: node-squashfs
            """;
    static final String IGNITION_JSON = "{\"ignition\":{\"version\":\"3.4.0\"},\"storage\":{\"files\":"
            + "[{\"path\":\"/etc/hostname\",\"contents\":{\"source\":\"data:,node-plain\"}}]}}";
    static final String BAD_BUTANE = """
            variant: fcos
            version: 1.5.0
            storage:
              trees:
                - local: overlay
                  path: /
            """;

    private TestMachines() {
    }

    /** Every machine, plus an HTTP-boot config for 127.0.0.1 when {@code matchLoopback}. */
    static InMemoryBootConfigStore store(boolean matchLoopback) {
        List<BootResource> all = new ArrayList<>();
        all.add(ipxe("node-squashfs", SQUASHFS_UUID, Optional.of(SQUASHFS), Optional.of("node-squashfs-ignition"),
                Optional.empty()));
        all.add(Secret.ofStrings(key("node-squashfs-ignition"), Map.of("format", "fcos", "ignition", BUTANE)));
        all.add(ipxe("node-plain", PLAIN_UUID, Optional.empty(), Optional.of("node-plain-ignition"), Optional.empty()));
        all.add(Secret.ofStrings(key("node-plain-ignition"), Map.of("ignition", IGNITION_JSON)));
        all.add(ipxe("node-custom", CUSTOM_UUID, Optional.empty(), Optional.empty(), Optional.of("node-custom-script")));
        all.add(Secret.ofStrings(key("node-custom-script"), Map.of("ipxe-script", CUSTOM_SCRIPT)));
        all.add(ipxe("node-no-ref", NO_IGNITION_REF_UUID, Optional.empty(), Optional.empty(), Optional.empty()));
        all.add(ipxe("node-missing-secret", MISSING_SECRET_UUID, Optional.empty(), Optional.of("does-not-exist"),
                Optional.empty()));
        all.add(ipxe("node-missing-key", MISSING_KEY_UUID, Optional.empty(), Optional.of("node-missing-key-ignition"),
                Optional.empty()));
        all.add(Secret.ofStrings(key("node-missing-key-ignition"), Map.of("userdata", "{}")));
        all.add(ipxe("node-bad-butane", BAD_BUTANE_UUID, Optional.empty(), Optional.of("node-bad-butane-ignition"),
                Optional.empty()));
        all.add(Secret.ofStrings(key("node-bad-butane-ignition"), Map.of("format", "fcos", "ignition", BAD_BUTANE)));
        all.add(new HttpBootConfig(key("node-http"), HTTP_UUID, List.of(HTTP_IP, HTTP_MAC), Optional.of(HTTP_UKI),
                Optional.of("node-http-ignition")));
        all.add(Secret.ofStrings(key("node-http-ignition"), Map.of("ignition", IGNITION_JSON)));
        if (matchLoopback) {
            all.add(new HttpBootConfig(key("node-loopback"), LOOPBACK_UUID, List.of("127.0.0.1"),
                    Optional.of(LOOPBACK_UKI), Optional.empty()));
        }
        return new InMemoryBootConfigStore(all);
    }

    private static IpxeBootConfig ipxe(String name, String uuid, Optional<String> squashfs, Optional<String> ignition,
                                       Optional<String> script) {
        return new IpxeBootConfig(key(name), uuid, List.of(), Optional.empty(), KERNEL, INITRD, squashfs,
                Optional.empty(), ignition, script);
    }

    private static ObjectKey key(String name) {
        return ObjectKey.of("default", name);
    }
}
