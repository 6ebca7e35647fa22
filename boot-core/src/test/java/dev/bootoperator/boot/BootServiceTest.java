package dev.bootoperator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.event.BootEvent;
import dev.bootoperator.store.InMemoryBootConfigStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BootServiceTest {
    static final String UUID_A = "4c4c4544-0042-3510-8056-b4c04f445931";
    static final String UUID_B = "8d2e7f3a-55b1-4c1e-9a0b-2f6c3d4e5a61";
    static final String BUTANE = "variant: fcos\nversion: 1.4.0\nstorage:\n  files:\n    - path: /etc/hostname\n      contents:\n        inline: a\n";

    final InMemoryBootConfigStore store = new InMemoryBootConfigStore();
    final List<BootEvent> events = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();
    BootService service;

    static IpxeBootConfig ipxe(String name, String uuid, Optional<String> ignition, Optional<String> script) {
        return new IpxeBootConfig(ObjectKey.of("default", name), uuid, List.of("10.0.0.5"), Optional.empty(), "http://k",
                "http://i", Optional.empty(), Optional.empty(), ignition, script);
    }

    static HttpBootConfig http(String name, String uuid, Optional<String> ignition, String... ids) {
        return new HttpBootConfig(ObjectKey.of("default", name), uuid, List.of(ids), Optional.of("http://uki/" + name), ignition);
    }

    static Secret secret(String name, Map<String, String> values) {
        return Secret.ofStrings(ObjectKey.of("default", name), values);
    }

    @BeforeEach
    void setUp() {
        List<BootResource> resources = List.of(
                ipxe("a", UUID_A.toUpperCase(), Optional.of("a-ign"), Optional.empty()),
                secret("a-ign", Map.of("ignition", BUTANE, "format", "fcos")),
                http("b", UUID_B, Optional.of("b-ign"), "10.0.0.31", "3C-EC-EF-12-34-56"),
                secret("b-ign", Map.of("ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}")));
        store.replaceAll(resources);
        service = build("http://svc:8082/", Optional.of("http://default/uki.efi"));
    }

    BootService build(String ipxeUrl, Optional<String> defaultUki) {
        return BootService.builder(store).ipxeServiceUrl(ipxeUrl).defaultUkiUrl(defaultUki.orElse(null))
                .listener(events::add).build();
    }

    BootResponse get(String path) {
        return service.handle(BootRequest.get(path, "192.0.2.1"));
    }

    @Test
    void chainScriptIsServedOnIpxeWithAndWithoutSlash() {
        for (String path : List.of("/ipxe", "/ipxe/")) {
            BootResponse r = get(path);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("text/plain");
            assertThat(r.bodyText()).contains("set ipxe-svc http://svc:8082\n", "set base-url ${ipxe-svc}/ipxe\n", "chain --replace --autofree ${base-url}/${uuid}");
        }
    }

    @Test
    void everyIpxePathAnswers503WhenNoServiceUrlIsConfigured() {
        service = build("", Optional.empty());
        for (String path : List.of("/ipxe", "/ipxe/", "/ipxe/" + UUID_A)) {
            BootResponse r = get(path);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.bodyText()).contains("iPXE is disabled");
        }
    }

    @Test
    void machineScriptIsRenderedForItsUuidInAnyCaseAndReportsAnEvent() {
        BootResponse r = get("/ipxe/" + UUID_A);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).startsWith("#!ipxe").contains("kernel http://k initrd=initrd ", "initrd --name initrd http://i");
        assertThat(events).contains(new BootEvent.IpxeScriptFetched(ObjectKey.of("default", "a"), UUID_A, "192.0.2.1"));
        assertThat(get("/ipxe/" + UUID_A.toUpperCase()).status()).isEqualTo(200);
    }

    @Test
    void unknownMachineGets404NamingIt() {
        BootResponse r = get("/ipxe/00000000-0000-0000-0000-000000000000");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.bodyText()).contains("00000000-0000-0000-0000-000000000000");
        assertThat(events).noneMatch(e -> e instanceof BootEvent.IpxeScriptFetched);
    }

    @Test
    void customScriptSecretIsServedVerbatim() {
        store.put(ipxe("c", "uuid-c", Optional.empty(), Optional.of("c-script")));
        store.put(secret("c-script", Map.of("ipxe-script", "#!ipxe\necho custom ${uuid}\n  exit\n")));
        BootResponse r = get("/ipxe/uuid-c");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("#!ipxe\necho custom ${uuid}\n  exit\n");
    }

    @Test
    void customScriptSecretMissingOrWithoutKeyIs404WithTheReason() {
        store.put(ipxe("c", "uuid-c", Optional.empty(), Optional.of("c-script")));
        assertThat(get("/ipxe/uuid-c").bodyText()).contains("secret default/c-script", "not found");
        store.put(secret("c-script", Map.of("other", "x")));
        BootResponse r = get("/ipxe/uuid-c");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.bodyText()).contains("has no 'ipxe-script' key");
    }

    @Test
    void httpBootMatchesTheForwardedIpFirst() throws Exception {
        BootResponse r = service.handle(BootRequest.of("GET", "/httpboot", "127.0.0.1",
                Map.of("X-Forwarded-For", List.of("10.9.9.9, 10.0.0.31"))));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("ClientIPs").asText()).isEqualTo("10.9.9.9,10.0.0.31");
        assertThat(body.get("UKIURL").asText()).isEqualTo("http://uki/b");
        assertThat(body.get("SystemUUID").asText()).isEqualTo(UUID_B);
    }

    @Test
    void httpBootMatchesAMacInAnotherNotation() throws Exception {
        BootResponse r = service.handle(BootRequest.of("GET", "/httpboot", "127.0.0.1",
                Map.of("x-forwarded-for", List.of("3cec.ef12.3456"))));
        assertThat(json.readTree(r.body()).get("SystemUUID").asText()).isEqualTo(UUID_B);
    }

    @Test
    void httpBootUsesTheRemoteAddressWithoutForwardedFor() throws Exception {
        BootResponse r = service.handle(BootRequest.get("/httpboot", "10.0.0.31"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("ClientIPs").asText()).isEqualTo("10.0.0.31");
        assertThat(body.get("SystemUUID").asText()).isEqualTo(UUID_B);
    }

    @Test
    void unknownHttpBootClientGetsTheDefaultUkiWithoutSystemUuid() throws Exception {
        BootResponse r = service.handle(BootRequest.get("/httpboot", "10.7.7.7"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("UKIURL").asText()).isEqualTo("http://default/uki.efi");
        assertThat(body.has("SystemUUID")).isFalse();
        assertThat(body.get("ClientIPs").asText()).isEqualTo("10.7.7.7");
    }

    @Test
    void unknownHttpBootClientWithoutDefaultIs500() {
        service = build("http://svc", Optional.empty());
        BootResponse r = service.handle(BootRequest.get("/httpboot", "10.7.7.7"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyText()).contains("HTTP boot is not configured (missing default UKI)");
    }

    @Test
    void aDefaultUkiSourceThatCannotAnswerIs502WithItsReason() {
        service = BootService.builder(store).defaultUkiUrl(() -> {
            throw new java.io.UncheckedIOException("default UKI image ghcr.io/os:1: registry ghcr.io is down",
                    new java.io.IOException("down"));
        }).build();

        BootResponse r = service.handle(BootRequest.get("/httpboot", "10.7.7.7"));

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.bodyText()).contains("10.7.7.7", "ghcr.io/os:1", "registry ghcr.io is down");
    }

    @Test
    void ignitionFromButaneIsTranslatedAndReported() throws Exception {
        BootResponse r = get("/ignition/" + UUID_A);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode ign = json.readTree(r.body());
        assertThat(ign.at("/ignition/version").asText()).isEqualTo("3.3.0");
        assertThat(ign.at("/storage/files/0/path").asText()).isEqualTo("/etc/hostname");
        assertThat(events).contains(new BootEvent.IgnitionDataFetched("IPXEBootConfig", ObjectKey.of("default", "a"), UUID_A, "192.0.2.1"));
    }

    static final String BUTANE_WITH_UNKNOWN_KEY = BUTANE + "      colour: blue\n";

    @Test
    void butaneWarningsAreLoggedAndReportedOncePerTranslationNotPerRequest() throws Exception {
        store.put(secret("a-ign", Map.of("ignition", BUTANE_WITH_UNKNOWN_KEY, "format", "fcos")));
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(BootService.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            for (int i = 0; i < 3; i++) {
                BootResponse r = get("/ignition/" + UUID_A);
                assertThat(r.status()).isEqualTo(200);
                assertThat(json.readTree(r.body()).at("/storage/files/0/path").asText()).isEqualTo("/etc/hostname");
            }
        } finally {
            log.detachAppender(logged);
        }
        assertThat(events).filteredOn(BootEvent.ButaneWarned.class::isInstance).singleElement().isEqualTo(
                new BootEvent.ButaneWarned("IPXEBootConfig", ObjectKey.of("default", "a"), UUID_A,
                        ObjectKey.of("default", "a-ign"), List.of(new dev.bootoperator.ignition.ButaneWarning(
                                "storage.files.0.colour", "unused key colour"))));
        assertThat(logged.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).singleElement()
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).asString()
                .contains(UUID_A, "default/a-ign", "storage.files.0.colour", "unused key colour");

        // a changed secret is a new translation: reported again
        store.put(secret("a-ign", Map.of("ignition", BUTANE_WITH_UNKNOWN_KEY + "      size: 1\n", "format", "fcos")));
        get("/ignition/" + UUID_A);
        assertThat(events).filteredOn(BootEvent.ButaneWarned.class::isInstance).hasSize(2);
    }

    @Test
    void butaneStrictRefusesWhatButaneWarnsAboutWith500NamingThePath() {
        store.put(secret("a-ign", Map.of("ignition", BUTANE_WITH_UNKNOWN_KEY, "format", "fcos")));
        service = BootService.builder(store).butaneStrict(true).listener(events::add).build();
        BootResponse r = get("/ignition/" + UUID_A);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyText()).contains(UUID_A, "default/a-ign", "storage.files.0.colour", "strict");
        assertThat(events).noneMatch(BootEvent.ButaneWarned.class::isInstance);

        store.put(secret("a-ign", Map.of("ignition", BUTANE, "format", "fcos")));
        assertThat(get("/ignition/" + UUID_A).status()).as("strict still translates clean Butane").isEqualTo(200);
    }

    @Test
    void ignitionFallsBackToHttpBootConfigsAndPassesJsonThrough() {
        BootResponse r = get("/ignition/" + UUID_B.toUpperCase());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("{\"ignition\":{\"version\":\"3.4.0\"}}");
    }

    @Test
    void ignitionErrorsEachHaveTheirOwnAnswer() {
        assertThat(get("/ignition/nobody")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).contains("no IPXEBootConfig or HTTPBootConfig for machine nobody");
        });
        store.put(ipxe("noref", "uuid-noref", Optional.empty(), Optional.empty()));
        assertThat(get("/ignition/uuid-noref")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).contains("IPXEBootConfig default/noref has no ignitionSecretRef");
        });
        store.put(ipxe("nosecret", "uuid-nosecret", Optional.of("gone"), Optional.empty()));
        assertThat(get("/ignition/uuid-nosecret")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).contains("Ignition secret default/gone referenced by IPXEBootConfig default/nosecret not found");
        });
        store.put(ipxe("nokey", "uuid-nokey", Optional.of("nokey-ign"), Optional.empty()));
        store.put(secret("nokey-ign", Map.of("format", "fcos")));
        assertThat(get("/ignition/uuid-nokey")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).contains("secret default/nokey-ign has no 'ignition' key");
        });
    }

    @Test
    void butaneThatDoesNotTranslateIs500NamingTheField() {
        store.put(ipxe("bad", "uuid-bad", Optional.of("bad-ign"), Optional.empty()));
        store.put(secret("bad-ign", Map.of("format", "fcos",
                "ignition", "variant: fcos\nversion: 1.4.0\nstorage:\n  trees:\n    - local: x\n")));
        BootResponse r = get("/ignition/uuid-bad");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyText()).contains("machine uuid-bad", "secret default/bad-ign", "storage.trees");
        assertThat(r.bodyText()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void translationIsRedoneWhenTheSecretChanges() throws Exception {
        assertThat(json.readTree(get("/ignition/" + UUID_A).body()).at("/ignition/version").asText()).isEqualTo("3.3.0");
        store.put(secret("a-ign", Map.of("format", "fcos", "ignition", "variant: fcos\nversion: 1.5.0\n")));
        assertThat(json.readTree(get("/ignition/" + UUID_A).body()).at("/ignition/version").asText()).isEqualTo("3.4.0");
    }

    @Test
    void otherMethodsGet405WithAllow() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            BootResponse r = service.handle(new BootRequest(method, "/ipxe/" + UUID_A, "", "10.0.0.1", n -> List.of()));
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.headers()).containsEntry("Allow", "GET, HEAD");
        }
        assertThat(service.handle(new BootRequest("HEAD", "/ipxe/" + UUID_A, "", "10.0.0.1", n -> List.of())).status())
                .isEqualTo(200);
    }

    @Test
    void traversalEncodedSlashesAndLongUuidsAre400() {
        for (String path : List.of("/ignition/../../etc/passwd", "/ignition/%2e%2e/x", "/ignition/a%2Fb", "/ipxe/a%5cb",
                "/ipxe/" + "a".repeat(129), "/ignition/", "/ignition/a/b", "/ignition/%00")) {
            BootResponse r = get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.bodyText()).doesNotContain("root:");
        }
        assertThat(get("/ipxe/" + "a".repeat(128)).status()).isEqualTo(404);
    }

    @Test
    void healthAndUnknownPaths() {
        assertThat(get("/healthz").status()).isEqualTo(200);
        assertThat(get("/readyz").status()).isEqualTo(200);
        assertThat(get("/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void everyRequestIsReportedWithEndpointAndOutcome() {
        get("/ipxe/" + UUID_A);
        get("/ignition/nobody");
        assertThat(events).filteredOn(e -> e instanceof BootEvent.RequestCompleted)
                .extracting(e -> ((BootEvent.RequestCompleted) e).endpoint() + ":" + ((BootEvent.RequestCompleted) e).outcome())
                .containsExactly("ipxe-script:success", "ignition:not_found");
    }

    @Test
    void aFailingSelectorIs500WithItsReason() {
        service = BootService.builder(store).ipxeServiceUrl("http://svc").selector(new ConfigSelector() {
            @Override
            public <T extends BootResource> Selection<T> select(String machine, List<T> candidates) {
                return candidates.isEmpty() ? new Selection.NoMatch<>() : new Selection.Failed<>("every config is orphaned");
            }
        }).build();
        BootResponse r = get("/ipxe/" + UUID_A);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyText()).contains("every config is orphaned");
    }

    @Test
    void aThrowingListenerDoesNotChangeTheAnswer() {
        service = BootService.builder(store).ipxeServiceUrl("http://svc").listener(e -> {
            throw new IllegalStateException("boom");
        }).build();
        assertThat(get("/ipxe/" + UUID_A).status()).isEqualTo(200);
    }
}
