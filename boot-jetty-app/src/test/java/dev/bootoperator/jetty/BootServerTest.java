package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.boot.ConfigSelector;
import dev.bootoperator.boot.Selection;
import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.event.BootEvent;
import dev.bootoperator.store.InMemoryBootConfigStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app in-process on an ephemeral port, against a temporary config directory. */
class BootServerTest {
    private static final String UUID_1 = "4c4c4544-0042-3510-8056-b4c04f445931";
    private static final String UUID_2 = "0b0b0b0b-0000-4000-8000-000000000002";
    private static final String UUID_3 = "0b0b0b0b-0000-4000-8000-000000000003";

    @TempDir
    Path configDir;
    @TempDir
    Path cacheDir;
    private BootServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--config-dir", configDir.toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:0",
                "--image-cache-dir", cacheDir.toString()));
        args.addAll(List.of(more));
        server = BootServer.start(BootServerMain.parse(args.toArray(String[]::new), Map.of()));
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void metricsCountRequestsByEndpointAndOutcomeWithoutMachineIds() throws Exception {
        write("node-1.yaml", ipxeConfig("node-1", UUID_1, "http://images/kernel-1"));
        String base = start("--ipxe-service-url", "http://boot.example:8082");

        assertThat(Http.get(base + "/ipxe/" + UUID_1).statusCode()).isEqualTo(200);
        assertThat(Http.get(base + "/ipxe/" + UUID_1).statusCode()).isEqualTo(200);
        assertThat(Http.get(base + "/ignition/" + UUID_1).statusCode()).isEqualTo(200);
        assertThat(Http.get(base + "/ipxe/ffffffff-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
        HttpResponse<String> metrics = Http.get(base + "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String body = metrics.body();
        assertThat(sample(body, "boot_requests_seconds_count", "endpoint=\"ipxe-script\",outcome=\"success\""))
                .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(2));
        assertThat(sample(body, "boot_requests_seconds_count", "endpoint=\"ipxe-script\",outcome=\"not_found\""))
                .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
        assertThat(sample(body, "boot_ipxe_scripts_served_total", "")).hasValueSatisfying(v -> assertThat(v).isEqualTo(2));
        assertThat(sample(body, "boot_ignition_served_total", "config_kind=\"IPXEBootConfig\""))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(1));
        assertThat(body).doesNotContain(UUID_1, "ffffffff-0000", "127.0.0.1");
    }

    private static final String BUTANE_WITH_UNKNOWN_KEY = """
            variant: fcos
            version: 1.5.0
            storage:
              files:
                - path: /etc/motd
                  colour: blue
            """;

    private void writeButaneMachine() throws IOException {
        write("node-1.yaml", ipxeConfig("node-1", UUID_1, "http://images/kernel-1")
                .replace("  ignition: '{\"ignition\":{\"version\":\"3.4.0\"}}'", "  format: fcos\n  ignition: |\n"
                        + BUTANE_WITH_UNKNOWN_KEY.indent(4)));
    }

    @Test
    void butaneWarningsAreCountedOncePerTranslationAndServed() throws Exception {
        writeButaneMachine();
        String base = start();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ignition = Http.get(base + "/ignition/" + UUID_1);
            assertThat(ignition.statusCode()).as(ignition.body()).isEqualTo(200);
            assertThat(ignition.body()).contains("/etc/motd").doesNotContain("colour");
        }
        assertThat(sample(Http.get(base + "/metrics").body(), "boot_butane_warnings_total", ""))
                .as("one warning, one translation, three requests").hasValue(1.0);
    }

    @Test
    void butaneStrictRefusesWhatButaneOnlyWarnsAbout() throws Exception {
        writeButaneMachine();
        String base = start("--butane-strict");
        HttpResponse<String> ignition = Http.get(base + "/ignition/" + UUID_1);
        assertThat(ignition.statusCode()).isEqualTo(500);
        assertThat(ignition.body()).contains(UUID_1, "default/node-1-ignition", "storage.files.0.colour", "strict");
    }

    @Test
    void servesTheDirectoryWithHardenedHttp() throws Exception {
        write("node-1.yaml", ipxeConfig("node-1", UUID_1, "http://images/kernel-1"));
        String base = start();

        HttpResponse<String> health = Http.get(base + "/healthz");
        HttpResponse<String> ipxe = Http.get(base + "/ipxe/" + UUID_1);
        HttpResponse<String> hugeHeader = Http.get(base + "/healthz", "X-Filler", "x".repeat(10 * 1024));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Server")).isEmpty();
        assertThat(ipxe.statusCode()).as("iPXE is disabled without a service URL").isEqualTo(503);
        assertThat(hugeHeader.statusCode()).isEqualTo(431);
        assertThat(Http.get(base + "/ready").statusCode()).isEqualTo(404);
        assertThat(Http.get(base + "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void ipxeTemplateReplacesTheBootScript() throws Exception {
        write("node-1.yaml", ipxeConfig("node-1", UUID_1, "http://images/kernel-1"));
        Path template = Files.writeString(Files.createTempFile("boot", ".ipxe"),
                "#!ipxe\necho booting {{namespace}}/{{name}}\nkernel {{kernelURL}} custom=1\nboot\n");
        try {
            String base = start("--ipxe-service-url", "http://boot.example:8082", "--ipxe-template", template.toString());

            assertThat(Http.get(base + "/ipxe/" + UUID_1).body())
                    .isEqualTo("#!ipxe\necho booting default/node-1\nkernel http://images/kernel-1 custom=1\nboot\n");
        } finally {
            Files.delete(template);
        }
    }

    @Test
    void hotReloadServesNewMachinesAndKeepsLastGoodContentOfABrokenFile() throws Exception {
        write("node-1.yaml", ipxeConfig("node-1", UUID_1, "http://images/kernel-1"));
        String base = start("--ipxe-service-url", "http://boot.example:8082");
        assertThat(Http.get(base + "/ipxe/" + UUID_2).statusCode()).isEqualTo(404);

        write("node-2.yaml", ipxeConfig("node-2", UUID_2, "http://images/kernel-2"));
        HttpResponse<String> added = awaitStatus(base + "/ipxe/" + UUID_2, 200, Duration.ofSeconds(2));
        assertThat(added.body()).contains("kernel http://images/kernel-2 ");

        write("node-2.yaml", "apiVersion: boot.ironcore.dev/v1alpha1\nkind: IPXEBootConfig\nspec: [broken\n");
        // A later file that appears proves a rescan ran after the break.
        write("node-3.yaml", ipxeConfig("node-3", UUID_3, "http://images/kernel-3"));
        awaitStatus(base + "/ipxe/" + UUID_3, 200, Duration.ofSeconds(5));

        HttpResponse<String> kept = Http.get(base + "/ipxe/" + UUID_2);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.body()).contains("kernel http://images/kernel-2 ");
        assertThat(Http.get(base + "/ipxe/" + UUID_1).statusCode()).isEqualTo(200);
    }

    @Test
    void signedIgnitionUrlsAndTheSourceCheckGuardEachMachinesIgnition() throws Exception {
        write("node-1.yaml", ipxeConfig("node-1", UUID_1, "http://images/kernel-1")); // systemIPs: none
        Path key = Files.writeString(cacheDir.resolve("sign.key"), "a-key-of-more-than-16-bytes\n");
        String base = start("--ipxe-service-url", "http://boot.example:8082", "--ignition-url-signing-key", key.toString());

        String script = Http.get(base + "/ipxe/" + UUID_1).body();
        Matcher m = Pattern.compile("/ignition/\\$\\{uuid}(\\?exp=\\d+&sig=[0-9a-f]{64}) ").matcher(script);
        assertThat(m.find()).as(script).isTrue();

        assertThat(Http.get(base + "/ignition/" + UUID_1 + m.group(1)).statusCode()).isEqualTo(200);
        HttpResponse<String> unsigned = Http.get(base + "/ignition/" + UUID_1);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains(UUID_1, "not signed");
        assertThat(sample(Http.get(base + "/metrics").body(), "boot_ignition_denied_total", ""))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(1));
    }

    @Test
    void theSourceCheckRefusesAClientThatIsNotTheMachine() throws Exception {
        write("node-1.yaml", ipxeConfig("node-1", UUID_1, "http://images/kernel-1"));
        String base = start("--ignition-source-check", "--trusted-proxies", "10.9.9.9");

        HttpResponse<String> spoofed = Http.get(base + "/ignition/" + UUID_1, "X-Forwarded-For", "10.0.0.5");

        assertThat(spoofed.statusCode()).as("127.0.0.1 is no trusted proxy and not the machine").isEqualTo(403);
        assertThat(spoofed.body()).contains("client 127.0.0.1 is not one of the addresses");
    }

    @Test
    void aCustomizerServesItsOwnStoreSelectorAndListenerInsteadOfTheDirectory() throws Exception {
        IpxeBootConfig first = new IpxeBootConfig(ObjectKey.of("default", "a"), UUID_1, List.of(), Optional.empty(),
                "http://images/kernel-a", "http://images/initrd", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        IpxeBootConfig second = new IpxeBootConfig(ObjectKey.of("default", "b"), UUID_1, List.of(), Optional.empty(),
                "http://images/kernel-b", "http://images/initrd", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        InMemoryBootConfigStore store = new InMemoryBootConfigStore(List.of(first, second));
        ConfigSelector last = new ConfigSelector() {
            @Override
            public <T extends BootResource> Selection<T> select(String machine, List<T> candidates) {
                return candidates.isEmpty() ? new Selection.NoMatch<>()
                        : new Selection.Selected<>(candidates.get(candidates.size() - 1));
            }
        };
        List<BootEvent> events = new CopyOnWriteArrayList<>();
        write("in-directory.yaml", ipxeConfig("in-directory", UUID_2, "http://images/kernel-dir"));
        BootServerOptions defaults = BootServerMain.parse(new String[] {"--config-dir", configDir.toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:0",
                "--image-cache-dir", cacheDir.toString(), "--ipxe-service-url", "http://boot.example:8082"}, Map.of());

        server = BootServer.start(defaults, servlets -> servlets.store(store).selector(last).listener(events::add));

        HttpResponse<String> script = Http.get("http://127.0.0.1:" + server.port() + "/ipxe/" + UUID_1.toUpperCase());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("http://images/kernel-b").doesNotContain("kernel-a");
        assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(
                new BootEvent.IpxeScriptFetched(second.key(), UUID_1.toUpperCase(), "127.0.0.1")));
        assertThat(Http.get("http://127.0.0.1:" + server.port() + "/ipxe/" + UUID_2).statusCode())
                .as("the store replaces the config directory").isEqualTo(404);
    }

    @Test
    void closeStopsServing() throws Exception {
        String base = start();
        assertThat(Http.get(base + "/healthz").statusCode()).isEqualTo(200);

        server.close();
        server = null;

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Http.get(base + "/healthz"))
                .isInstanceOf(IOException.class);
    }

    private static HttpResponse<String> awaitStatus(String url, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last;
        do {
            last = Http.get(url);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(url + " still answers " + last.statusCode() + " after " + timeout + ": " + last.body());
    }

    /** Writes a file by renaming a complete copy into place, as a careful editor or ConfigMap update does. */
    private void write(String name, String content) throws IOException {
        Path tmp = Files.writeString(configDir.resolve("." + name + ".tmp"), content);
        Files.move(tmp, configDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String ipxeConfig(String name, String uuid, String kernel) {
        return """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: %1$s
                  namespace: default
                spec:
                  systemUUID: %2$s
                  kernelURL: %3$s
                  initrdURL: http://images/initrd
                  ignitionSecretRef:
                    name: %1$s-ignition
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %1$s-ignition
                  namespace: default
                stringData:
                  ignition: '{"ignition":{"version":"3.4.0"}}'
                """.formatted(name, uuid, kernel);
    }

    /** The value of one sample in the Prometheus text format, e.g. {@code name{labels} 3.0}. */
    static Optional<Double> sample(String exposition, String name, String labels) {
        String head = labels.isEmpty() ? Pattern.quote(name) : Pattern.quote(name + "{" + labels) + "[^}]*\\}";
        Matcher m = Pattern.compile("(?m)^" + head + " ([0-9.eE+-]+)$").matcher(exposition);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }
}
