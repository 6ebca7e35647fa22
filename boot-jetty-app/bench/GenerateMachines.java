import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a config directory of N machines for the boot server, the same manifests a user would
 * {@code kubectl apply}: per machine an IPXEBootConfig (UUID, one IP, squashfs) with its Ignition secret,
 * and an HTTPBootConfig (UUID, IP, MAC, UKI URL). Even machines' Ignition is JSON, odd machines' is Butane
 * ({@code format: fcos}). Deterministic: the same N gives the same files.
 *
 * <pre>
 * java boot-jetty-app/bench/GenerateMachines.java OUT_DIR [N=10000]
 * </pre>
 * Besides the manifests ({@code config/machines-NNN.yaml}, 500 machines per file) it writes the request paths
 * the load generator rotates over: {@code paths-ipxe.txt}, {@code paths-ignition-json.txt},
 * {@code paths-ignition-butane.txt}.
 */
public final class GenerateMachines {
    private static final int PER_FILE = 500;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java GenerateMachines.java OUT_DIR [N]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path config = Files.createDirectories(out.resolve("config"));
        Random random = new Random(20_240_601L);
        List<String> ipxe = new ArrayList<>(n);
        List<String> json = new ArrayList<>(n / 2 + 1);
        List<String> butane = new ArrayList<>(n / 2 + 1);
        StringBuilder file = new StringBuilder(1 << 20);
        for (int i = 0; i < n; i++) {
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
            String httpUuid = new UUID(random.nextLong(), random.nextLong()).toString();
            String name = String.format("node-%05d", i);
            boolean isButane = (i & 1) == 1;
            ipxe.add("/ipxe/" + uuid);
            (isButane ? butane : json).add("/ignition/" + uuid);
            file.append(machine(name, uuid, httpUuid, i, isButane));
            if ((i + 1) % PER_FILE == 0 || i == n - 1) {
                write(config.resolve(String.format("machines-%03d.yaml", i / PER_FILE)), file.toString());
                file.setLength(0);
            }
        }
        write(out.resolve("paths-ipxe.txt"), String.join("\n", ipxe) + "\n");
        write(out.resolve("paths-ignition-json.txt"), String.join("\n", json) + "\n");
        write(out.resolve("paths-ignition-butane.txt"), String.join("\n", butane) + "\n");
        System.out.println("wrote " + n + " machines to " + config);
    }

    private static String machine(String name, String uuid, String httpUuid, int i, boolean butane) {
        String ignition = butane ? """
                  format: fcos
                  ignition: |
                    variant: fcos
                    version: 1.5.0
                    passwd:
                      users:
                        - name: core
                          ssh_authorized_keys:
                            - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTheBenchmark core@example
                    storage:
                      files:
                        - path: /etc/hostname
                          mode: 0644
                          contents:
                            inline: %1$s
                    systemd:
                      units:
                        - name: hello.service
                          enabled: true
                          contents: |
                            [Unit]
                            Description=Say hello
                            [Service]
                            Type=oneshot
                            ExecStart=/usr/bin/echo hello from %1$s
                            [Install]
                            WantedBy=multi-user.target
                """.formatted(name) : """
                  ignition: |
                    {"ignition":{"version":"3.4.0"},"passwd":{"users":[{"name":"core","sshAuthorizedKeys":["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyOnlyForTheBenchmark core@example"]}]},"storage":{"files":[{"path":"/etc/hostname","mode":420,"contents":{"source":"data:,%1$s"}}]}}
                """.formatted(name);
        return """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: %1$s
                  namespace: metal
                spec:
                  systemUUID: %2$s
                  systemIPs:
                    - %3$s
                  kernelURL: http://images.example.internal/gardenlinux/1877.0/kernel
                  initrdURL: http://images.example.internal/gardenlinux/1877.0/initramfs
                  squashfsURL: http://images.example.internal/gardenlinux/1877.0/root.squashfs
                  ignitionSecretRef:
                    name: %1$s-ignition
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %1$s-ignition
                  namespace: metal
                stringData:
                %4$s---
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: HTTPBootConfig
                metadata:
                  name: http-%1$s
                  namespace: metal
                spec:
                  systemUUID: %5$s
                  networkIdentifiers:
                    - %6$s
                    - "%7$s"
                  ukiURL: http://images.example.internal/gardenlinux/1877.0/gardenlinux.efi
                ---
                """.formatted(name, uuid, ip(0, i), ignition, httpUuid, ip(1, i),
                String.format("02:00:00:01:%02x:%02x", i >> 8, i & 0xff));
    }

    private static String ip(int block, int i) {
        return "10." + block + "." + (i / 250) + "." + (i % 250 + 1);
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
