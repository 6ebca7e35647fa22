package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

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
            "--config-dir", "--ipxe-template", "--help", "--version");
    private static final List<String> IMAGE_PROXY_FLAGS = List.of("--image-proxy-server-address", "--image-server-url",
            "--default-httpboot-oci-image", "--architecture", "--allowed-registries");

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
        assertThat(options.imageProxy().flagsNotInEffect()).isEmpty();
        assertThat(options.ipxeTemplate()).isEmpty();
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

        BootServerOptions options = parse(Map.of(),
                "--boot-server-address", "[::1]:9082", "--image-proxy-server-address", "127.0.0.1:9083",
                "--ipxe-service-url", "http://10.0.0.1:9082", "--default-httpboot-uki-url", "http://img/uki.efi",
                "--image-server-url", "http://images.example", "--default-httpboot-oci-image",
                "ghcr.io/gardenlinux/gardenlinux:1877.0", "--architecture", "arm64",
                "--allowed-registries", "ghcr.io, registry.local:5000", "--ipxe-template", template.toString());

        assertThat(options.bootServerAddress()).isEqualTo(new ListenAddress("::1", 9082));
        assertThat(options.defaultHttpBootUkiUrl()).hasValue("http://img/uki.efi");
        assertThat(options.ipxeTemplate()).hasValue(template);
        assertThat(options.imageProxy().allowedRegistries()).containsExactly("ghcr.io", "registry.local:5000");
        assertThat(options.imageProxy().flagsNotInEffect()).containsExactly(
                "--image-proxy-server-address=127.0.0.1:9083", "--image-server-url=http://images.example",
                "--default-httpboot-oci-image=ghcr.io/gardenlinux/gardenlinux:1877.0", "--architecture=arm64",
                "--allowed-registries=ghcr.io,registry.local:5000");
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
                        "--default-httpboot-oci-image"),
                Arguments.of(List.of("--config-dir", "{dir}", "--image-proxy-server-address", "8083"),
                        "--image-proxy-server-address"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitWith2AndOneLineOnStderr(List<String> args, String expected) throws IOException {
        Files.writeString(configDir.resolve("file.yaml"), "");
        Files.writeString(configDir.resolve("bad.tmpl"), "#!ipxe\nkernel {{nope}}\n");
        String[] argv = args.stream().map(a -> a.replace("{dir}", configDir.toString())).toArray(String[]::new);

        Result r = execute(argv);

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.errLines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("boot-server: ").contains(expected).doesNotContain("Exception", "\tat "));
    }

    @Test
    void helpListsEveryFlagAndMarksImageProxyOnes() {
        Result r = execute("--help");

        assertThat(r.exitCode).isZero();
        assertThat(r.out.toString()).contains(ALL_FLAGS);
        CommandLine.Model.CommandSpec spec = BootServerMain.commandLine(Map.of(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())).getCommandSpec();
        for (String flag : IMAGE_PROXY_FLAGS) {
            assertThat(String.join(" ", spec.findOption(flag).description())).as(flag)
                    .contains("(image proxy; wired when the image proxy is enabled)");
        }
        assertThat(String.join(" ", spec.findOption("--ipxe-service-url").description())).doesNotContain("image proxy");
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
