package dev.bootoperator.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.operator.runtime.BootServers;
import dev.bootoperator.operator.runtime.ControllerRegistrar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/** Upstream's flags, their defaults, and the one-line usage errors (exit code 2) for bad values. */
class BootOperatorMainTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void defaultsAreUpstreams() {
        OperatorOptions options = BootOperatorMain.parse(new String[0], NO_ENV);

        assertThat(options.metricsBindAddress()).contains(new ListenAddress("", 8080));
        assertThat(options.healthProbeBindAddress()).contains(new ListenAddress("", 8081));
        assertThat(options.bootServerAddress()).isEqualTo(new ListenAddress("", 8082));
        assertThat(options.imageProxyServerAddress()).isEqualTo(new ListenAddress("", 8083));
        assertThat(options.leaderElection().enabled()).isFalse();
        assertThat(options.leaderElection().leaseName()).isEqualTo("e9f0940b.ironcore.dev");
        assertThat(options.architecture()).isEqualTo("amd64");
        assertThat(options.controllers()).containsExactlyInAnyOrder("ipxebootconfig", "serverbootconfigpxe",
                "httpbootconfig", "serverbootconfighttp");
        assertThat(options.honorBootMethod()).isFalse();
        assertThat(options.ipxeServiceUrl()).isEmpty();
        assertThat(options.metricsServing()).isEqualTo(OperatorOptions.MetricsServing.SECURE);
        assertThat(options.imageCache().maxBytes()).isEqualTo(10L << 30);
        assertThat(options).isEqualTo(OperatorOptions.defaults());
    }

    /** What {@code kubectl kustomize config/default} of upstream renders, and Go's other spellings of it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--metrics-bind-address=:8443 --leader-elect --metrics-cert-path=/tmp/k8s-metrics-server/metrics-certs",
        "-metrics-bind-address=:8443 -leader-elect -metrics-cert-path=/tmp/k8s-metrics-server/metrics-certs",
        "-metrics-bind-address :8443 --leader-elect=true -metrics-cert-path /tmp/k8s-metrics-server/metrics-certs",
        "--metrics-bind-address :8443 -leader-elect=1 --metrics-cert-path=/tmp/k8s-metrics-server/metrics-certs"})
    void upstreamsDeploymentArgsInEveryGoSpelling(String line) {
        BootOperatorMain.Parsed parsed = BootOperatorMain.parseAll(line.split(" "), NO_ENV);

        OperatorOptions options = parsed.options();
        assertThat(options.metricsBindAddress()).contains(new ListenAddress("", 8443));
        assertThat(options.leaderElection().enabled()).isTrue();
        assertThat(options.metricsServing().secure()).isTrue();
        assertThat(options.metricsServing().certFile()).contains(Path.of("/tmp/k8s-metrics-server/metrics-certs/tls.crt"));
        assertThat(options.metricsServing().keyFile()).contains(Path.of("/tmp/k8s-metrics-server/metrics-certs/tls.key"));
        assertThat(parsed.warnings()).anySatisfy(w -> assertThat(w).startsWith("no --ipxe-service-url"))
                .anySatisfy(w -> assertThat(w).startsWith("no --image-server-url"));
    }

    @Test
    void controllerRuntimesAndZapsFlagsAreRead(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        BootOperatorMain.Parsed parsed = BootOperatorMain.parseAll(new String[] {
            "-metrics-secure=false", "--metrics-cert-path", "/certs", "--metrics-cert-name=cert.pem",
            "-metrics-cert-key=key.pem", "--enable-http2", "-kubeconfig=" + kubeconfig,
            "--zap-devel=false", "-zap-encoder", "console", "--zap-log-level=2", "--zap-stacktrace-level=info",
            "-zap-time-encoding=rfc3339nano", "--image-cache-dir=/var/cache/boot", "-image-cache-max-bytes=512Mi"},
                NO_ENV);

        assertThat(parsed.options().metricsServing()).isEqualTo(new OperatorOptions.MetricsServing(false,
                Optional.of(Path.of("/certs")), "cert.pem", "key.pem", true));
        assertThat(parsed.options().imageCache()).isEqualTo(new OperatorOptions.ImageCache(
                Optional.of(Path.of("/var/cache/boot")), 512L << 20));
        assertThat(parsed.logging()).isEqualTo(new ZapLogging(ch.qos.logback.classic.Level.TRACE, false,
                ch.qos.logback.classic.Level.INFO, ZapLogging.TimeEncoding.RFC3339NANO));
    }

    @Test
    void theHelmChartsPlaceholderUrlIsAWarningNotAnError() {
        BootOperatorMain.Parsed parsed = BootOperatorMain.parseAll(new String[] {"--ipxe-service-url=ipxe-service-url"},
                NO_ENV);

        assertThat(parsed.options().ipxeServiceUrl()).isEmpty();
        assertThat(parsed.warnings()).anySatisfy(w -> assertThat(w)
                .startsWith("--ipxe-service-url: 'ipxe-service-url' is not an http:// or https:// URL")
                .endsWith("ignored, as if not given"));
        // upstream's environment fallback still applies
        assertThat(BootOperatorMain.parseAll(new String[] {"--ipxe-service-url=ipxe-service-url"},
                Map.of("IPXE_SERVER_ADDRESS", "10.0.0.7")).options().ipxeServiceUrl()).contains("http://10.0.0.7:5000");
    }

    @Test
    void everyFlagIsRead() {
        OperatorOptions options = BootOperatorMain.parse(new String[] {
            "--leader-elect", "--leader-election-namespace=boot-system", "--leader-election-id=boot-lease",
            "--metrics-bind-address=127.0.0.1:9090", "--health-probe-bind-address", "[::1]:9091",
            "--boot-server-address=:18082", "--image-proxy-server-address=:18083",
            "--architecture=arm64", "--allowed-registries=ghcr.io, registry.local:5000",
            "--ipxe-service-url=http://10.0.0.1:8082", "--image-server-url=http://10.0.0.1:8083",
            "--default-httpboot-oci-image=registry.local:5000/os/uki:1.0",
            "--default-httpboot-uki-url=http://images.example/default.efi",
            "--controllers=ipxebootconfig,serverbootconfigpxe", "--honor-boot-method"}, NO_ENV);

        assertThat(options.leaderElection()).isEqualTo(
                new OperatorOptions.LeaderElection(true, "boot-lease", Optional.of("boot-system")));
        assertThat(options.metricsBindAddress()).contains(new ListenAddress("127.0.0.1", 9090));
        assertThat(options.healthProbeBindAddress()).contains(new ListenAddress("::1", 9091));
        assertThat(options.bootServerAddress().port()).isEqualTo(18082);
        assertThat(options.imageProxyServerAddress().port()).isEqualTo(18083);
        assertThat(options.architecture()).isEqualTo("arm64");
        assertThat(options.registries().allowed()).containsExactlyInAnyOrder("ghcr.io", "registry.local:5000");
        assertThat(options.ipxeServiceUrl()).contains("http://10.0.0.1:8082");
        assertThat(options.imageServerUrl()).contains("http://10.0.0.1:8083");
        assertThat(options.defaultHttpBootOciImage()).hasValueSatisfying(i -> assertThat(i.registry())
                .isEqualTo("registry.local:5000"));
        assertThat(options.defaultHttpBootUkiUrl()).contains("http://images.example/default.efi");
        assertThat(options.controllers()).containsExactlyInAnyOrder("ipxebootconfig", "serverbootconfigpxe");
        assertThat(options.enabled("httpbootconfig")).isFalse();
        assertThat(options.honorBootMethod()).isTrue();
    }

    @Test
    void goStyleBooleansAndZeroAddressesAreAccepted() {
        OperatorOptions options = BootOperatorMain.parse(new String[] {"--leader-elect=false",
            "--honor-boot-method=true", "--metrics-bind-address=0", "--health-probe-bind-address=0"}, NO_ENV);

        assertThat(options.leaderElection().enabled()).isFalse();
        assertThat(options.honorBootMethod()).isTrue();
        assertThat(options.metricsBindAddress()).isEmpty();
        assertThat(options.healthProbeBindAddress()).isEmpty();
    }

    @ParameterizedTest(name = "--controllers={0}")
    @CsvSource(delimiter = ';', value = {
        "*;                              ipxebootconfig serverbootconfigpxe httpbootconfig serverbootconfighttp",
        "*,-httpbootconfig,-serverbootconfighttp; ipxebootconfig serverbootconfigpxe",
        "httpbootconfig;                 httpbootconfig",
        "httpbootconfig,-httpbootconfig; ''"})
    void controllerSwitches(String flag, String expected) {
        OperatorOptions options = BootOperatorMain.parse(new String[] {"--controllers=" + flag}, NO_ENV);

        Set<String> want = expected.isBlank() ? Set.of() : Set.of(expected.trim().split("\\s+"));
        assertThat(options.controllers()).isEqualTo(want);
    }

    @Test
    void ipxeServiceUrlFallsBackToTheEnvironmentAsUpstream() {
        OperatorOptions options = BootOperatorMain.parse(new String[] {"--ipxe-service-port=8082"},
                Map.of("IPXE_SERVER_ADDRESS", "10.1.2.3"));

        assertThat(options.ipxeServiceUrl()).contains("http://10.1.2.3:8082");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--controllers=ipxebootconfig,pxe"
                + "|--controllers: unknown controller 'pxe' in 'ipxebootconfig,pxe'; valid: ipxebootconfig, "
                + "serverbootconfigpxe, httpbootconfig, serverbootconfighttp",
        "--architecture=x86_64|--architecture: 'x86_64' is not one of",
        "--boot-server-address=8082|--boot-server-address: '8082' has no port",
        "--metrics-bind-address=:99999|--metrics-bind-address: port 99999",
        "--health-probe-bind-address=localhost|--health-probe-bind-address: 'localhost' has no port",
        "--default-httpboot-oci-image=docker.io/library/uki:1|--default-httpboot-oci-image: registry docker.io",
        "--default-httpboot-oci-image=ghcr.io/os/uki:1|--default-httpboot-oci-image needs --image-server-url",
        "--ipxe-service-protocol=tftp|--ipxe-service-protocol: 'tftp' is not http or https",
        "--leader-elect=maybe|--leader-elect",
        "-metrics-secure=maybe|--metrics-secure",
        "--zap-log-level=loud|--zap-log-level: 'loud' is not debug, info, error, panic or an integer > 0",
        "-zap-encoder=text|--zap-encoder: 'text' is not json or console",
        "--image-cache-max-bytes=lots|--image-cache-max-bytes: 'lots' is not a size",
        "--kubeconfig=/nonexistent/kubeconfig|--kubeconfig: '/nonexistent/kubeconfig' is not a readable file",
        "--no-such-flag|Unknown option: '--no-such-flag'"})
    void badValuesExitWithTwoAndOneLineNamingTheFlag(String arg, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = BootOperatorMain.execute(new String[] {arg}, NO_ENV, new BootOperatorMain.Components(
                (operator, options) -> {
                    throw new AssertionError("must not start");
                }, BootServers.Factory.NONE), new PrintWriter(out), new PrintWriter(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("boot-operator: ").contains(message).endsWith("(see --help)" + System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void parseThrowsUsageErrorsForCallers() {
        assertThatThrownBy(() -> BootOperatorMain.parse(new String[] {"--controllers=-*"}, NO_ENV))
                .isInstanceOf(ParameterException.class).hasMessageContaining("--controllers");
    }

    @Test
    void helpListsEveryUpstreamFlag() {
        StringWriter out = new StringWriter();
        int code = BootOperatorMain.execute(new String[] {"--help"}, NO_ENV,
                new BootOperatorMain.Components(ControllerRegistrar.NONE, BootServers.Factory.NONE),
                new PrintWriter(out), new PrintWriter(new StringWriter()));

        assertThat(code).isZero();
        assertThat(out.toString()).contains("--leader-elect", "--metrics-bind-address", "--health-probe-bind-address",
                "--architecture", "--allowed-registries", "--ipxe-service-url", "--image-server-url",
                "--default-httpboot-oci-image", "--controllers", "--boot-server-address",
                "--image-proxy-server-address", "--honor-boot-method", "--metrics-secure", "--metrics-cert-path",
                "--metrics-cert-name", "--metrics-cert-key", "--enable-http2", "--kubeconfig", "--zap-devel",
                "--zap-encoder", "--zap-log-level", "--zap-stacktrace-level", "--zap-time-encoding",
                "--image-cache-dir", "--image-cache-max-bytes");
    }
}
