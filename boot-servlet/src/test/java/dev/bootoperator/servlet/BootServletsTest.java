package dev.bootoperator.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API and the WAR's settings, with a real Jetty in front. */
class BootServletsTest {
    static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";

    @TempDir
    Path configDir;
    @TempDir
    Path cacheDir;

    private void writeMachine() throws IOException {
        Files.writeString(configDir.resolve("m.yaml"), """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: m
                spec:
                  systemUUID: %s
                  kernelURL: http://images/kernel
                  initrdURL: http://images/initrd
                """.formatted(UUID));
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void theDispatcherServesBootEndpointsAndTheImageProxyUnderOneMapping() throws Exception {
        writeMachine();
        try (BootServlets boot = BootServlets.builder().configDirectory(configDir).ipxeServiceUrl("http://svc/boot")
                .imageCache(cacheDir, 1 << 20).build();
             RunningServer server = RunningServer.start(boot.dispatcherServlet(), "/", "/boot/*")) {

            HttpResponse<String> script = server.get("/boot/ipxe/" + UUID);
            HttpResponse<String> httpBoot = server.get("/boot/httpboot");
            HttpResponse<String> uki = server.get("/boot/httpboot/quay.io/os/sha256-" + "a".repeat(64) + ".efi");
            HttpResponse<String> image = server.get("/boot/image?imageName=quay.io/os&version=1&layerName=x");

            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).contains("kernel http://images/kernel");
            assertThat(httpBoot.statusCode()).as("the boot endpoint: no default UKI").isEqualTo(500);
            assertThat(uki.statusCode()).as("the image proxy: quay.io is not allowed").isEqualTo(403);
            assertThat(image.statusCode()).isEqualTo(403);
            assertThat(image.body()).contains("quay.io");
        }
    }

    @Test
    void closeStopsTheDirectoryWatcher() throws Exception {
        writeMachine();
        BootServlets boot = BootServlets.builder().configDirectory(configDir).imageCache(cacheDir, 1 << 20).build();
        assertThat(threadNames()).contains("boot-config-dir-watcher");

        boot.close();

        assertThat(threadNames()).doesNotContain("boot-config-dir-watcher");
    }

    @Test
    void buildingWithoutAStoreOrWithAnImageButNoServerUrlSaysWhatIsMissing() {
        assertThatThrownBy(() -> BootServlets.builder().build()).hasMessageContaining("configDirectory(...) or store(...)");
        assertThatThrownBy(() -> BootServlets.builder().configDirectory(configDir)
                .defaultUkiImage(dev.bootoperator.oci.ImageReference.parse("ghcr.io/os:1")).build())
                .hasMessageContaining("needs imageServerUrl");
    }

    private void writeButaneMachineWithAnUnknownKey() throws IOException {
        Files.writeString(configDir.resolve("b.yaml"), """
                apiVersion: boot.ironcore.dev/v1alpha1
                kind: IPXEBootConfig
                metadata:
                  name: b
                spec:
                  systemUUID: %s
                  kernelURL: http://images/kernel
                  initrdURL: http://images/initrd
                  ignitionSecretRef:
                    name: b-ignition
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: b-ignition
                stringData:
                  format: fcos
                  ignition: |
                    variant: fcos
                    version: 1.5.0
                    storage:
                      files:
                        - path: /etc/motd
                          colour: blue
                """.formatted(UUID));
    }

    private static int ignitionStatus(BootServlets boot) {
        return boot.bootService().handle(dev.bootoperator.boot.BootRequest.get("/ignition/" + UUID, "10.0.0.5")).status();
    }

    @Test
    void butaneStrictFromTheBuilderAndFromBootButaneStrictRefusesWhatButaneWarnsAbout() throws Exception {
        writeButaneMachineWithAnUnknownKey();
        try (BootServlets lax = BootServlets.builder().configDirectory(configDir).imageCache(cacheDir, 1 << 20).build();
             BootServlets strict = BootServlets.builder().configDirectory(configDir).imageCache(cacheDir, 1 << 20)
                     .butaneStrict(true).build();
             BootServlets fromSettings = BootSettings.builder(Map.of("BOOT_CONFIG_DIR", configDir.toString(),
                     "BOOT_IMAGE_CACHE_DIR", cacheDir.toString(), "BOOT_BUTANE_STRICT", "TRUE")::get).build()) {
            assertThat(ignitionStatus(lax)).as("as upstream: the unknown key is dropped with a warning").isEqualTo(200);
            assertThat(ignitionStatus(strict)).isEqualTo(500);
            assertThat(ignitionStatus(fromSettings)).isEqualTo(500);
        }
        assertThatThrownBy(() -> BootSettings.builder(Map.of("BOOT_CONFIG_DIR", configDir.toString(),
                "BOOT_BUTANE_STRICT", "yes")::get)).hasMessageContaining("BOOT_BUTANE_STRICT: 'yes' is not true or false");
    }

    @Test
    void settingsNameWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> BootSettings.builder(Map.<String, String>of()::get))
                .hasMessageContaining("BOOT_CONFIG_DIR is not set");
        assertThatThrownBy(() -> BootSettings.builder(Map.of("BOOT_CONFIG_DIR", "/nonexistent/dir")::get))
                .hasMessageContaining("BOOT_CONFIG_DIR=/nonexistent/dir is not a directory");
        assertThatThrownBy(() -> BootSettings.builder(Map.of("BOOT_CONFIG_DIR", configDir.toString(),
                "BOOT_IMAGE_CACHE_MAX_BYTES", "lots")::get)).hasMessageContaining("BOOT_IMAGE_CACHE_MAX_BYTES: 'lots'");
        assertThatThrownBy(() -> BootSettings.builder(Map.of("BOOT_CONFIG_DIR", configDir.toString(),
                "BOOT_ALLOWED_REGISTRIES", "a b")::get)).hasMessageContaining("BOOT_ALLOWED_REGISTRIES");
        assertThatThrownBy(() -> BootSettings.builder(Map.of("BOOT_CONFIG_DIR", configDir.toString(),
                "BOOT_DEFAULT_HTTPBOOT_OCI_IMAGE", "Bad Image")::get)).hasMessageContaining("'Bad Image'");
        assertThatThrownBy(() -> BootSettings.builder(Map.of("BOOT_CONFIG_DIR", configDir.toString(),
                "BOOT_REGISTRY_CONFIG", "/nonexistent.json")::get)).hasMessageContaining("BOOT_REGISTRY_CONFIG");
    }

    @Test
    void settingsComeFromTheFirstSourceThatHasThemAndFromPropertiesFiles() throws Exception {
        writeMachine();
        Path file = Files.writeString(cacheDir.resolve("boot.properties"),
                "BOOT_IPXE_SERVICE_URL=http://from-file\nBOOT_CONFIG_DIR=" + configDir + "\n");
        var settings = BootSettings.firstOf(java.util.List.of(
                Map.of("BOOT_IPXE_SERVICE_URL", "  ")::get,
                Map.of("BOOT_IMAGE_CACHE_DIR", cacheDir.resolve("c").toString())::get,
                BootSettings.propertiesFile(file)));

        assertThat(settings.apply("BOOT_IPXE_SERVICE_URL")).isEqualTo("http://from-file");
        try (BootServlets boot = BootSettings.builder(settings).build()) {
            assertThat(boot.bootService().ipxeServiceUrl()).hasValue("http://from-file");
            assertThat(cacheDir.resolve("c/blobs/sha256")).isDirectory();
        }
        assertThat(BootSettings.parseByteSize("3Mi")).isEqualTo(3L << 20);
    }

    @Test
    void theDefaultUkiUrlIsTheImageServerUrlPrefixAndReachesTheProxyUnderTheMount(@TempDir Path registryDir)
            throws Exception {
        writeMachine();
        try (dev.bootoperator.oci.LocalRegistry registry = dev.bootoperator.oci.LocalRegistry.anonymous(registryDir)) {
            dev.bootoperator.oci.TestImages images = new dev.bootoperator.oci.TestImages(registryDir);
            images.multiArch.push(registry, dev.bootoperator.oci.TestImages.MULTI_ARCH, dev.bootoperator.oci.TestImages.TAG);
            var image = dev.bootoperator.oci.TestImages.reference(registry, dev.bootoperator.oci.TestImages.MULTI_ARCH);
            String expectedPath = "/boot/httpboot/" + image.name() + "/sha256-" + images.amd64Uki.digest().hex() + ".efi";
            for (String given : new String[] {"http://boot.example/boot/httpboot", "http://boot.example"}) {
                try (BootServlets boot = BootServlets.builder().configDirectory(configDir)
                        .registryPolicy(dev.bootoperator.oci.RegistryPolicy.fromCsv(registry.address(), registry.address()))
                        .imageServerUrl(given).defaultUkiImage(image).imageCache(cacheDir, 1 << 20).build();
                     RunningServer server = RunningServer.start(boot.dispatcherServlet(), "/", "/boot/*")) {
                    String ukiUrl = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(server.get("/boot/httpboot").body()).get("UKIURL").asText();

                    if (given.endsWith("/httpboot")) {
                        assertThat(ukiUrl).as("a prefix is used as given").isEqualTo("http://boot.example" + expectedPath);
                        HttpResponse<String> uki = server.get(expectedPath);
                        assertThat(uki.statusCode()).isEqualTo(200);
                        assertThat(uki.body()).isEqualTo("uki amd64");
                    } else {
                        assertThat(ukiUrl).as("no path: /httpboot appended").isEqualTo("http://boot.example/httpboot/"
                                + image.name() + "/sha256-" + images.amd64Uki.digest().hex() + ".efi");
                    }
                }
            }
        }
    }

    @Test
    void anImageServerUrlWithoutPathIsLoggedWithWhatIsUsedInstead() throws Exception {
        writeMachine();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(BootServlets.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            try (BootServlets ignored = BootServlets.builder().configDirectory(configDir).imageServerUrl("http://boot:8083")
                    .imageCache(cacheDir, 1 << 20).build()) {
                assertThat(events.list).singleElement().satisfies(e -> {
                    assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                    assertThat(e.getFormattedMessage()).contains("http://boot:8083 has no path",
                            "using http://boot:8083/httpboot");
                });
            }
            events.list.clear();
            try (BootServlets ignored = BootServlets.builder().configDirectory(configDir)
                    .imageServerUrl("http://boot:8083/httpboot").imageCache(cacheDir, 1 << 20).build()) {
                assertThat(events.list).as("a Go user's value is used silently").isEmpty();
            }
        } finally {
            logger.detachAppender(events);
        }
    }

    @Test
    void anImageServerUrlThatIsNoUrlIsRefusedNamingIt() {
        assertThatThrownBy(() -> BootServlets.builder().configDirectory(configDir).imageServerUrl("boot:8083").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'boot:8083'");
    }
}
