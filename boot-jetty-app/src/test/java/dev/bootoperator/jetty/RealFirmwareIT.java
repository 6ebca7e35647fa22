package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.oci.DebianTools;
import dev.bootoperator.oci.LocalRegistry;
import dev.bootoperator.oci.OciLayoutBuilder;
import dev.bootoperator.oci.OciLayoutBuilder.Descriptor;
import dev.bootoperator.oci.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real firmware boots from the built jar, under QEMU (software emulation): SeaBIOS with its iPXE ROM, OVMF with
 * native UEFI HTTP boot of a UKI, and OVMF with its iPXE EFI ROM. The operating system is built from Debian
 * packages by {@code src/test/e2e/build-os-image.sh} (kernel, busybox initramfs that prints its Ignition to the
 * serial console, UKI), pushed as an OCI image to a real {@code docker-registry}, and fetched through the image
 * proxy. See docs/end-to-end.md.
 */
class RealFirmwareIT {
    static final String UUID_A = "4c4c4544-0042-3510-8056-b4c04f445931";
    static final String UUID_B = "8d2e7f3a-55b1-4c1e-9a0b-2f6c3d4e5a61";
    static final String UUID_C = "5c0ffee0-1234-4abc-8def-0123456789ab";
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static Process server;
    static int bootPort;
    static int proxyPort;
    static Descriptor kernel;
    static Descriptor initrd;
    static Descriptor uki;
    static Path qemu;

    @BeforeAll
    static void buildBootAndServe() throws Exception {
        qemu = DebianTools.requireFile(Path.of("/usr/bin/qemu-system-x86_64"), "qemu-system-x86");
        DebianTools.requireFile(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), "ovmf");
        DebianTools.requireFile(Path.of("/usr/lib/ipxe/qemu/efi-virtio.rom"), "ipxe-qemu");
        bootPort = freePort();
        proxyPort = freePort();

        Path image = Path.of(System.getProperty("boot.e2e.dir", "target/e2e")).toAbsolutePath();
        Files.createDirectories(image);
        Path script = Path.of(System.getProperty("boot.e2e.script", "src/test/e2e/build-os-image.sh")).toAbsolutePath();
        String built = run(Duration.ofMinutes(5), "bash", script.toString(), image.toString(),
                "console=ttyS0 quiet ignition.base=http://10.0.2.2:" + bootPort);
        assertThat(image.resolve("uki.efi")).as(built).isRegularFile();

        registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")));
        OciLayoutBuilder layout = new OciLayoutBuilder(dir.resolve("layout"));
        kernel = layout.blob("application/vnd.ironcore.image.kernel", Files.readAllBytes(image.resolve("vmlinuz")));
        initrd = layout.blob("application/vnd.ironcore.image.initramfs", Files.readAllBytes(image.resolve("initrd.img")));
        uki = layout.blob("application/vnd.ironcore.image.uki", Files.readAllBytes(image.resolve("uki.efi")));
        Descriptor amd64 = layout.manifest(List.of(kernel, initrd, uki)).withPlatform("linux", "amd64");
        Descriptor arm64 = layout.manifest(List.of(layout.blob("application/vnd.ironcore.image.kernel",
                TestImages.text("not for this machine")))).withPlatform("linux", "arm64");
        layout.tag("1.0", layout.index(List.of(amd64, arm64)));
        layout.push(registry, "os", "1.0");

        Path config = Files.createDirectories(dir.resolve("config"));
        String imageUrl = "http://10.0.2.2:" + proxyPort + "/image?imageName=" + registry.address()
                + "/os&version=1.0&layerDigest=";
        Files.writeString(config.resolve("machines.yaml"), """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: machine-a
                spec:
                  systemUUID: %1$s
                  kernelURL: %3$s%4$s
                  initrdURL: %3$s%5$s
                  ignitionSecretRef:
                    name: machine-a-ignition
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: machine-a-ignition
                stringData:
                  format: fcos
                  ignition: |
                    variant: fcos
                    version: 1.4.0
                    storage:
                      files:
                        - path: /etc/hostname
                          contents:
                            inline: machine-a
                ---
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: HTTPBootConfig
                metadata:
                  name: machine-b
                spec:
                  systemUUID: %2$s
                  networkIdentifiers: [10.0.2.15]
                  ukiURL: http://10.0.2.2:%6$d/httpboot/%7$s/os/sha256-%8$s.efi
                  ignitionSecretRef:
                    name: machine-b-ignition
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: machine-b-ignition
                stringData:
                  ignition: '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"/etc/hostname","contents":{"source":"data:,machine-b"}}]}}'
                ---
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: machine-c
                spec:
                  systemUUID: %9$s
                  kernelURL: %3$s%4$s
                  initrdURL: %3$s%5$s
                  ipxeScriptSecretRef:
                    name: machine-c-script
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: machine-c-script
                stringData:
                  ipxe-script: |
                    #!ipxe
                    # machine-c: a custom script that relies on the chain script's base-url, as upstream's users may
                    kernel %3$s%4$s initrd=initrd console=ttyS0,115200 ignition.config.url=${base-url}/${uuid}
                    initrd --name initrd %3$s%5$s
                    boot
                """.formatted(UUID_A, UUID_B, imageUrl, kernel.digest(), initrd.digest(), proxyPort, registry.address(),
                uki.digest().hex(), UUID_C));

        Path jar = Path.of(System.getProperty("boot.jar", "target/boot-jetty-app.jar")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--config-dir", config.toString(),
                "--boot-server-address", "127.0.0.1:" + bootPort, "--image-proxy-server-address", "127.0.0.1:" + proxyPort,
                "--ipxe-service-url", "http://10.0.2.2:" + bootPort, "--image-server-url", "http://10.0.2.2:" + proxyPort,
                "--image-cache-dir", dir.resolve("cache").toString(),
                "--allowed-registries", registry.address(), "--insecure-registries", registry.address())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().put("BOOT_EVENTS_LOG", "DEBUG");
        server = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (Http.get("http://127.0.0.1:" + bootPort + "/healthz").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // starting
            }
            assertThat(System.nanoTime()).as("server up within 60 s; log:\n" + serverLog()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
        if (registry != null) {
            registry.close();
        }
    }

    static String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /** QEMU's serial console, as text. */
    record Boot(String console, boolean exited) {
        /** The Ignition the initramfs printed between its markers, or empty. */
        Optional<JsonNode> ignition() throws IOException {
            Matcher m = Pattern.compile("BOOT-E2E-IGNITION-BEGIN\\s*(\\{.*?})\\s*BOOT-E2E-IGNITION-END", Pattern.DOTALL)
                    .matcher(console);
            return m.find() ? Optional.of(JSON.readTree(m.group(1))) : Optional.empty();
        }

        String tail() {
            String clean = console.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
            return clean.length() <= 3000 ? clean : "..." + clean.substring(clean.length() - 3000);
        }
    }

    /** Runs one QEMU machine until it powers off or {@link #BOOT_TIMEOUT}, or until {@code until} appears. */
    static Boot qemu(String name, List<String> machineArgs, Optional<String> until) throws Exception {
        List<String> command = new ArrayList<>(List.of(qemu.toString(), "-machine", "q35", "-m", "512", "-smp", "1",
                "-nographic", "-no-reboot", "-boot", "n"));
        command.addAll(machineArgs);
        Path console = dir.resolve(name + ".console");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        boolean exited = false;
        while (System.nanoTime() < deadline) {
            if (p.waitFor(500, TimeUnit.MILLISECONDS)) {
                exited = true;
                break;
            }
            if (until.isPresent() && Files.readString(console, StandardCharsets.ISO_8859_1).contains(until.get())) {
                break;
            }
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Boot(Files.readString(console, StandardCharsets.ISO_8859_1), exited);
    }

    static List<String> ovmf(String name) throws IOException {
        Path vars = dir.resolve(name + "-vars.fd");
        Files.copy(Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), vars, StandardCopyOption.REPLACE_EXISTING);
        return List.of("-drive", "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                "-drive", "if=pflash,format=raw,unit=1,file=" + vars,
                "-fw_cfg", "name=opt/org.tianocore/IPv4PXESupport,string=n",
                "-fw_cfg", "name=opt/org.tianocore/IPv6Support,string=n");
    }

    static String why(Boot boot) {
        return "\n--- serial console (tail) ---\n" + boot.tail() + "\n--- server log ---\n" + serverLog();
    }

    private static void assertMachineABooted(Boot boot) throws IOException {
        assertThat(boot.console()).as(why(boot))
                .contains("BOOT-E2E-IGNITION-URL http://10.0.2.2:" + bootPort + "/ignition/" + UUID_A);
        JsonNode ignition = boot.ignition().orElseThrow(() -> new AssertionError("no Ignition printed" + why(boot)));
        assertThat(ignition.path("ignition").path("version").asText()).as(why(boot)).isEqualTo("3.3.0");
        assertThat(ignition.path("storage").path("files").get(0).path("path").asText()).isEqualTo("/etc/hostname");
        assertThat(ignition.path("storage").path("files").get(0).path("contents").path("source").asText())
                .isEqualTo("data:,machine-a");
        assertThat(serverLog()).contains("IPXEScriptFetched machine=" + UUID_A)
                .contains("IgnitionDataFetched machine=" + UUID_A);
        assertThat(registry.blobGets("os", kernel.digest())).as("kernel pulled from the registry").isEqualTo(1);
        assertThat(registry.blobGets("os", initrd.digest())).as("initrd pulled from the registry").isEqualTo(1);
    }

    private static double metric(String name, String labels) throws Exception {
        String body = Http.get("http://127.0.0.1:" + bootPort + "/metrics").body();
        return BootServerTest.sample(body, name, labels).orElse(0.0);
    }

    @Test
    void biosIpxeBootsMachineAWithKernelAndInitrdFromTheRegistryAndItsButaneIgnition() throws Exception {
        Boot boot = qemu("bios-a", List.of("-uuid", UUID_A,
                "-netdev", "user,id=n0,bootfile=http://10.0.2.2:" + bootPort + "/ipxe",
                "-device", "virtio-net-pci,netdev=n0"), Optional.empty());

        assertMachineABooted(boot);
        assertThat(metric("boot_requests_seconds_count", "endpoint=\"ipxe-chain\",outcome=\"success\""))
                .as("the chain script was fetched").isGreaterThanOrEqualTo(1);
        assertThat(metric("boot_ipxe_scripts_served_total", "")).isGreaterThanOrEqualTo(1);
        assertThat(metric("boot_ignition_served_total", "config_kind=\"IPXEBootConfig\"")).isGreaterThanOrEqualTo(1);
    }

    /**
     * QEMU's DHCP puts the bootfile in BOOTP's 128-byte file field, so the image name is kept short ({@code
     * 127.0.0.1:PORT/os}); a real DHCP server can send longer URLs in option 67.
     */
    @Test
    void uefiHttpBootsMachineBFromTheUkiThroughTheImageProxy() throws Exception {
        List<String> args = new ArrayList<>(ovmf("uefi-b"));
        args.addAll(List.of("-uuid", UUID_B, "-netdev", "user,id=n0,bootfile=http://10.0.2.2:" + proxyPort + "/httpboot/"
                + registry.address() + "/os/sha256-" + uki.digest().hex() + ".efi",
                "-device", "virtio-net-pci,netdev=n0,romfile="));
        Boot boot = qemu("uefi-b", args, Optional.empty());

        assertThat(boot.console()).as(why(boot))
                .contains("BOOT-E2E-IGNITION-URL http://10.0.2.2:" + bootPort + "/ignition/" + UUID_B);
        JsonNode ignition = boot.ignition().orElseThrow(() -> new AssertionError("no Ignition printed" + why(boot)));
        assertThat(ignition.path("storage").path("files").get(0).path("contents").path("source").asText())
                .isEqualTo("data:,machine-b");
        assertThat(serverLog()).contains("IgnitionDataFetched machine=" + UUID_B);
        assertThat(metric("boot_requests_seconds_count", "endpoint=\"httpboot-uki\",outcome=\"success\""))
                .as("the firmware's HEAD and GET of the UKI").isGreaterThanOrEqualTo(2);
        assertThat(registry.blobGets("os", uki.digest())).as("UKI pulled from the registry once").isEqualTo(1);
    }

    @Test
    void uefiIpxeBootsMachineAWithTheSameScript() throws Exception {
        List<String> args = new ArrayList<>(ovmf("uefi-ipxe-a"));
        args.addAll(List.of("-uuid", UUID_A, "-netdev", "user,id=n0,bootfile=http://10.0.2.2:" + bootPort + "/ipxe",
                "-device", "virtio-net-pci,netdev=n0,romfile=/usr/lib/ipxe/qemu/efi-virtio.rom"));
        Boot boot = qemu("uefi-ipxe-a", args, Optional.empty());

        assertMachineABooted(boot);
    }

    /**
     * The chain script sets {@code base-url} as upstream's does, so a custom {@code ipxe-script} written for upstream
     * can use it: machine C's kernel line points {@code ignition.config.url} at {@code ${base-url}/${uuid}}, which
     * real iPXE must expand to {@code <ipxe-service-url>/ipxe/<uuid>} (the initramfs prints and fetches it).
     */
    @Test
    void aCustomIpxeScriptCanUseTheChainScriptsBaseUrl() throws Exception {
        Boot boot = qemu("bios-c", List.of("-uuid", UUID_C,
                "-netdev", "user,id=n0,bootfile=http://10.0.2.2:" + bootPort + "/ipxe",
                "-device", "virtio-net-pci,netdev=n0"), Optional.empty());

        assertThat(boot.console()).as(why(boot))
                .contains("BOOT-E2E-IGNITION-URL http://10.0.2.2:" + bootPort + "/ipxe/" + UUID_C)
                .contains("# machine-c: a custom script that relies on the chain script's base-url");
    }

    @Test
    void aMachineWithoutConfigGets404FromIpxeWithoutHanging() throws Exception {
        String unknown = "0b0b0b0b-0000-4000-8000-00000000dead";
        double before = metric("boot_requests_seconds_count", "endpoint=\"ipxe-script\",outcome=\"not_found\"");
        long start = System.nanoTime();
        Boot boot = qemu("bios-unknown", List.of("-uuid", unknown,
                "-netdev", "user,id=n0,bootfile=http://10.0.2.2:" + bootPort + "/ipxe",
                "-device", "virtio-net-pci,netdev=n0"), Optional.of("/ipxe/" + unknown));
        long waited = 0;
        while (metric("boot_requests_seconds_count", "endpoint=\"ipxe-script\",outcome=\"not_found\"") <= before
                && waited < 30_000) {
            Thread.sleep(200);
            waited += 200;
        }

        assertThat(metric("boot_requests_seconds_count", "endpoint=\"ipxe-script\",outcome=\"not_found\""))
                .as("/ipxe/" + unknown + " answered 404" + why(boot)).isGreaterThan(before);
        assertThat(boot.console()).doesNotContain("BOOT-E2E-INIT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOOT_TIMEOUT.plusSeconds(40));
    }

    static String run(Duration timeout, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "run", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(done && p.exitValue() == 0).as(String.join(" ", command) + ":\n" + output).isTrue();
        return output;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
