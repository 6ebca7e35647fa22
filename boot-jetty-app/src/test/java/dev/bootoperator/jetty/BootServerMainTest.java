package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.ImageReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class BootServerMainTest {
    private static final List<String> ALL_FLAGS = List.of("--boot-server-address", "--image-proxy-server-address",
            "--ipxe-service-url", "--ipxe-service-protocol", "--ipxe-service-port", "--image-server-url",
            "--default-httpboot-uki-url", "--default-httpboot-oci-image", "--architecture", "--allowed-registries",
            "--insecure-registries", "--registry-config", "--image-cache-dir", "--image-cache-max-bytes", "--prefetch",
            "--registry-read-timeout", "--trusted-proxies", "--ignition-source-check", "--tls-cert-file", "--tls-key-file",
            "--enable-http2", "--ignition-url-signing-key", "--ignition-url-ttl", "--butane-strict",
            "--config-dir", "--ipxe-template", "--help", "--version");

    @TempDir
    Path configDir;

    @Test
    void defaultsAreUpstreams() {
        BootServerOptions options = parse(Map.of());

        assertThat(options.bootServerAddress()).hasToString(":8082");
        assertThat(options.imageProxy().address()).hasToString(":8083");
        assertThat(options.ipxeServiceUrl()).isEmpty();
        assertThat(options.defaultHttpBootUkiUrl()).isEmpty();
        assertThat(options.imageProxy().imageServerUrl()).isEmpty();
        assertThat(options.imageProxy().defaultHttpBootOciImage()).isEmpty();
        assertThat(options.imageProxy().architecture()).isEqualTo("amd64");
        assertThat(options.imageProxy().allowedRegistries()).isEmpty();
        assertThat(options.imageProxy().policy().allowed()).containsExactly("ghcr.io");
        assertThat(options.imageProxy().cacheMaxBytes()).isEqualTo(10L << 30);
        assertThat(options.imageProxy().cacheDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"),
                "boot-operator-image-cache"));
        assertThat(options.ipxeTemplate()).isEmpty();
        assertThat(options.machineIdentity()).isEqualTo(BootServerOptions.MachineIdentity.UPSTREAM);
        assertThat(options.butaneStrict()).as("butane is not strict by default, nor is upstream").isFalse();
        assertThat(options).isEqualTo(BootServerOptions.defaults(configDir));
    }

    @Test
    void ipxeServiceUrlFallsBackToIpxeServerAddressWithDefaultProtocolAndPort() {
        assertThat(parse(Map.of("IPXE_SERVER_ADDRESS", "10.0.0.1")).ipxeServiceUrl()).hasValue("http://10.0.0.1:5000");
    }

    @Test
    void protocolAndPortShapeTheFallbackUrl() {
        BootServerOptions options = parse(Map.of("IPXE_SERVER_ADDRESS", "boot.example"),
                "--ipxe-service-protocol", "https", "--ipxe-service-port", "8443");

        assertThat(options.ipxeServiceUrl()).hasValue("https://boot.example:8443");
    }

    @Test
    void ipv6IpxeServerAddressIsBracketed() {
        assertThat(parse(Map.of("IPXE_SERVER_ADDRESS", "fd00::5")).ipxeServiceUrl()).hasValue("http://[fd00::5]:5000");
    }

    @Test
    void explicitIpxeServiceUrlWinsOverTheEnvironment() {
        BootServerOptions options = parse(Map.of("IPXE_SERVER_ADDRESS", "10.0.0.1"),
                "--ipxe-service-url", "http://boot.example:8082");

        assertThat(options.ipxeServiceUrl()).hasValue("http://boot.example:8082");
    }

    @Test
    void blankIpxeServerAddressLeavesIpxeDisabled() {
        assertThat(parse(Map.of("IPXE_SERVER_ADDRESS", "  ")).ipxeServiceUrl()).isEmpty();
    }

    @Test
    void everyFlagIsTaken() throws IOException {
        Path template = Files.writeString(configDir.resolve("boot.ipxe.tmpl"), "#!ipxe\nkernel {{kernelURL}}\nboot\n");
        Path dockerConfig = Files.writeString(configDir.resolve("config.json"),
                "{\"auths\":{\"registry.local:5000\":{\"auth\":\"dXNlcjpwYXNz\"}}}");

        BootServerOptions options = parse(Map.of(),
                "--boot-server-address", "[::1]:9082", "--image-proxy-server-address", "127.0.0.1:9083",
                "--ipxe-service-url", "http://10.0.0.1:9082", "--default-httpboot-uki-url", "http://img/uki.efi",
                "--image-server-url", "http://images.example", "--default-httpboot-oci-image",
                "ghcr.io/gardenlinux/gardenlinux:1877.0", "--architecture", "arm64",
                "--allowed-registries", "ghcr.io, registry.local:5000", "--ipxe-template", template.toString(),
                "--insecure-registries", "registry.local:5000", "--registry-config", dockerConfig.toString(),
                "--image-cache-dir", configDir.resolve("cache").toString(), "--image-cache-max-bytes", "512Mi",
                "--prefetch", "registry.local:5000/os:1,ghcr.io/gardenlinux/gardenlinux:1877.0",
                "--trusted-proxies", "10.0.0.2,fd00::/64", "--ignition-source-check", "--butane-strict",
                "--registry-read-timeout", "2m", "--ignition-url-signing-key", Files.writeString(configDir.resolve("sign.key"), "0123456789abcdef0123\n")
                        .toString(), "--ignition-url-ttl", "30m");

        assertThat(options.bootServerAddress()).isEqualTo(new ListenAddress("::1", 9082));
        assertThat(options.defaultHttpBootUkiUrl()).hasValue("http://img/uki.efi");
        assertThat(options.ipxeTemplate()).hasValue(template);
        assertThat(options.imageProxy().allowedRegistries()).containsExactly("ghcr.io", "registry.local:5000");
        assertThat(options.machineIdentity().trustedProxies().trusts("fd00::9")).isTrue();
        assertThat(options.machineIdentity().trustedProxies().trusts("10.0.0.3")).isFalse();
        assertThat(options.machineIdentity().ignitionSourceCheck()).isTrue();
        assertThat(options.butaneStrict()).isTrue();
        assertThat(options.machineIdentity().ignitionUrlSigner()).hasValueSatisfying(
                signer -> assertThat(signer.ttl()).isEqualTo(java.time.Duration.ofMinutes(30)));
        BootServerOptions.ImageProxyOptions images = options.imageProxy();
        assertThat(images.address()).isEqualTo(new ListenAddress("127.0.0.1", 9083));
        assertThat(images.imageServerUrl()).hasValue("http://images.example");
        assertThat(images.defaultHttpBootOciImage()).hasValue(ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0"));
        assertThat(images.architecture()).isEqualTo("arm64");
        assertThat(images.policy().isInsecure("registry.local:5000")).isTrue();
        assertThat(images.policy().allows("registry.local:5000")).isTrue();
        assertThat(images.registryConfig()).hasValue(dockerConfig);
        assertThat(images.cacheDir()).isEqualTo(configDir.resolve("cache"));
        assertThat(images.cacheMaxBytes()).isEqualTo(512L << 20);
        assertThat(images.registryReadTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(images.prefetch()).containsExactly(ImageReference.parse("registry.local:5000/os:1"),
                ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8082", "nope", "127.0.0.1:", ":99999", "::1:8082", "[::1]8082", "host:abc"})
    void badAddressIsAUsageErrorOnOneLine(String address) {
        Result r = execute("--config-dir", configDir.toString(), "--boot-server-address", address);

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("boot-server: ").contains("--boot-server-address").contains(address));
        assertThat(r.out.toString()).isEmpty();
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("--config-dir", "{dir}", "--no-such-flag"), "Unknown option: '--no-such-flag'"),
                Arguments.of(List.of("--no-such-flag"), "Unknown option: '--no-such-flag'"),
                Arguments.of(List.of(), "--config-dir"),
                Arguments.of(List.of("--config-dir", "{dir}/missing"), "does not exist"),
                Arguments.of(List.of("--config-dir", "{dir}/file.yaml"), "is not a directory"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ipxe-template", "{dir}/bad.tmpl"), "{{nope}}"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ipxe-template", "{dir}/absent.tmpl"), "--ipxe-template"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ipxe-service-url", "ftp://x"), "--ipxe-service-url"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ipxe-service-protocol", "tftp"), "--ipxe-service-protocol"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ipxe-service-port", "70000"), "--ipxe-service-port"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ipxe-service-port", "x"), "--ipxe-service-port"),
                Arguments.of(List.of("--config-dir", "{dir}", "--default-httpboot-uki-url", "not a url"),
                        "--default-httpboot-uki-url"),
                Arguments.of(List.of("--config-dir", "{dir}", "--architecture", "x86"), "--architecture"),
                Arguments.of(List.of("--config-dir", "{dir}", "--allowed-registries", "ghcr.io,https://x"),
                        "--allowed-registries"),
                Arguments.of(List.of("--config-dir", "{dir}", "--default-httpboot-oci-image", "Bad Image"),
                        "'Bad Image'"),
                Arguments.of(List.of("--config-dir", "{dir}", "--default-httpboot-oci-image", "quay.io/os:1",
                        "--image-server-url", "http://x"), "registry quay.io of image quay.io/os:1 is not allowed"),
                Arguments.of(List.of("--config-dir", "{dir}", "--default-httpboot-oci-image", "ghcr.io/os:1"),
                        "needs --image-server-url"),
                Arguments.of(List.of("--config-dir", "{dir}", "--image-server-url", "http://x/?a=b"),
                        "--image-server-url: image server URL 'http://x/?a=b' must not have a query"),
                Arguments.of(List.of("--config-dir", "{dir}", "--prefetch", "ghcr.io/os:1,docker.io/alpine"),
                        "--prefetch: registry docker.io"),
                Arguments.of(List.of("--config-dir", "{dir}", "--insecure-registries", "a b"), "--insecure-registries"),
                Arguments.of(List.of("--config-dir", "{dir}", "--registry-config", "{dir}/absent.json"),
                        "--registry-config"),
                Arguments.of(List.of("--config-dir", "{dir}", "--registry-config", "{dir}/file.yaml"),
                        "--registry-config"),
                Arguments.of(List.of("--config-dir", "{dir}", "--image-cache-max-bytes", "10GB"),
                        "--image-cache-max-bytes: '10GB' is not a size"),
                Arguments.of(List.of("--config-dir", "{dir}", "--trusted-proxies", "10.0.0.0/8,dhcp.example"),
                        "--trusted-proxies: 'dhcp.example' is not an IP address or CIDR"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ignition-url-signing-key", "{dir}/absent.key"),
                        "--ignition-url-signing-key: cannot read"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ignition-url-signing-key", "{dir}/short.key"),
                        "at least 16"),
                Arguments.of(List.of("--config-dir", "{dir}", "--tls-cert-file", "{dir}/file.yaml"),
                        "--tls-cert-file needs --tls-key-file"),
                Arguments.of(List.of("--config-dir", "{dir}", "--tls-cert-file", "{dir}/file.yaml", "--tls-key-file",
                        "{dir}/file.yaml"), "no -----BEGIN CERTIFICATE----- block"),
                Arguments.of(List.of("--config-dir", "{dir}", "--registry-read-timeout", "0s"),
                        "--registry-read-timeout: '0s' is not a positive duration"),
                Arguments.of(List.of("--config-dir", "{dir}", "--ignition-url-ttl", "forever"),
                        "--ignition-url-ttl: 'forever' is not a positive duration"),
                Arguments.of(List.of("--config-dir", "{dir}", "--image-proxy-server-address", "8083"),
                        "--image-proxy-server-address"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitWith2AndOneLineOnStderr(List<String> args, String expected) throws IOException {
        Files.writeString(configDir.resolve("file.yaml"), "");
        Files.writeString(configDir.resolve("bad.tmpl"), "#!ipxe\nkernel {{nope}}\n");
        Files.writeString(configDir.resolve("short.key"), "too short\n");
        String[] argv = args.stream().map(a -> a.replace("{dir}", configDir.toString())).toArray(String[]::new);

        Result r = execute(argv);

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("boot-server: ").contains(expected).doesNotContain("Exception", "\tat "));
    }

    @Test
    void helpListsEveryFlag() {
        Result r = execute("--help");

        assertThat(r.exitCode).isZero();
        assertThat(r.out.toString()).contains(ALL_FLAGS);
        CommandLine.Model.CommandSpec spec = BootServerMain.commandLine(Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).getCommandSpec();
        assertThat(spec.options()).extracting(o -> o.longestName()).containsExactlyInAnyOrderElementsOf(ALL_FLAGS);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0, 0", "1048576, 1048576", "4Ki, 4096", "512Mi, 536870912",
            "10Gi, 10737418240", "2Ti, 2199023255552"})
    void cacheSizesTakeBinarySuffixes(String text, long bytes) {
        assertThat(dev.bootoperator.servlet.BootSettings.parseByteSize(text)).isEqualTo(bytes);
    }

    private BootServerOptions parse(Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("--config-dir", configDir.toString()));
        args.addAll(Arrays.asList(more));
        return BootServerMain.parse(args.toArray(String[]::new), env);
    }

    private static Result execute(String... args) {
        Result r = new Result();
        r.exitCode = BootServerMain.execute(args, Map.of(), new PrintWriter(r.out, true), new PrintWriter(r.err, true));
        return r;
    }

    private static final class Result {
        int exitCode;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        List<String> errLines() {
            return err.toString().lines().toList();
        }
    }
}
