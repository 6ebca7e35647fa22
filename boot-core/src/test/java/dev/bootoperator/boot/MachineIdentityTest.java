package dev.bootoperator.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bootoperator.event.BootEvent;
import dev.bootoperator.store.InMemoryBootConfigStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spoofed machines: trusted proxies, the Ignition source check and signed Ignition URLs. */
class MachineIdentityTest {
    static final String UUID_A = BootServiceTest.UUID_A;
    static final String UUID_B = BootServiceTest.UUID_B;
    static final byte[] KEY = "0123456789abcdef-signing-key".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-11-27T04:00:00Z");

    final InMemoryBootConfigStore store = new InMemoryBootConfigStore();
    final List<BootEvent> events = new ArrayList<>();

    @BeforeEach
    void machines() {
        store.replaceAll(List.of(
                BootServiceTest.ipxe("a", UUID_A, Optional.of("a-ign"), Optional.empty()), // systemIPs 10.0.0.5
                BootServiceTest.secret("a-ign", Map.of("ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}")),
                BootServiceTest.http("b", UUID_B, Optional.of("a-ign"), "10.0.0.31", "fd00::31", "3c:ec:ef:12:34:56")));
    }

    private static BootRequest request(String path, String query, String peer, String... forwardedFor) {
        Map<String, List<String>> headers = forwardedFor.length == 0 ? Map.of() : Map.of("X-Forwarded-For", List.of(forwardedFor));
        return new BootRequest("GET", path, query, peer, name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(List.of()));
    }

    @Test
    void withoutTrustedProxiesForwardedForIsBelievedFromAnyoneAsUpstream() {
        BootService boot = BootService.builder(store).build();

        BootResponse r = boot.handle(request("/httpboot", "", "192.0.2.66", "10.0.0.31"));

        assertThat(r.bodyText()).contains("\"SystemUUID\":\"" + UUID_B + "\"");
        assertThat(boot.trustedProxies().trustsEveryone()).isTrue();
    }

    @Test
    void withTrustedProxiesOnlyTheyMaySpeakForAClient() {
        BootService boot = BootService.builder(store).trustedProxies(TrustedProxies.parse("10.0.0.2, fd00:1::/64"))
                .defaultUkiUrl("http://default/uki.efi").build();

        BootResponse spoofed = boot.handle(request("/httpboot", "", "192.0.2.66", "10.0.0.31"));
        BootResponse relayed = boot.handle(request("/httpboot", "", "10.0.0.2", "10.0.0.31"));
        BootResponse relayedV6 = boot.handle(request("/httpboot", "", "fd00:1::7", "10.0.0.31"));
        BootResponse direct = boot.handle(request("/httpboot", "", "10.0.0.31"));

        assertThat(spoofed.bodyText()).contains("\"UKIURL\":\"http://default/uki.efi\"", "\"ClientIPs\":\"192.0.2.66\"")
                .doesNotContain(UUID_B);
        assertThat(relayed.bodyText()).contains(UUID_B);
        assertThat(relayedV6.bodyText()).contains(UUID_B);
        assertThat(direct.bodyText()).contains(UUID_B);
    }

    @Test
    void theSourceCheckAnswersIgnitionOnlyToTheMachinesOwnAddresses() {
        BootService boot = BootService.builder(store).ignitionSourceCheck(true).listener(events::add).build();

        assertThat(boot.handle(request("/ignition/" + UUID_A, "", "10.0.0.5")).status()).isEqualTo(200);
        assertThat(boot.handle(request("/ignition/" + UUID_B, "", "fd00:0:0:0:0:0:0:31")).status()).isEqualTo(200);
        BootResponse other = boot.handle(request("/ignition/" + UUID_A, "", "10.0.0.31"));

        assertThat(other.status()).isEqualTo(403);
        assertThat(other.bodyText()).contains(UUID_A, "10.0.0.31", "IPXEBootConfig default/a");
        assertThat(events).filteredOn(BootEvent.IgnitionDenied.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((BootEvent.IgnitionDenied) e).clientAddress()).isEqualTo("10.0.0.31"));
    }

    @Test
    void withoutTheSourceCheckAnyClientGetsTheIgnitionAsUpstream() {
        BootService boot = BootService.builder(store).build();

        assertThat(boot.handle(request("/ignition/" + UUID_A, "", "10.0.0.31")).status()).isEqualTo(200);
    }

    @Test
    void theSourceCheckBehindATrustedRelayUsesTheForwardedAddress() {
        BootService boot = BootService.builder(store).ignitionSourceCheck(true)
                .trustedProxies(TrustedProxies.parse("10.0.0.2")).build();

        assertThat(boot.handle(request("/ignition/" + UUID_A, "", "10.0.0.2", "10.0.0.5")).status()).isEqualTo(200);
        assertThat(boot.handle(request("/ignition/" + UUID_A, "", "192.0.2.9", "10.0.0.5")).status()).isEqualTo(403);
    }

    private BootService signing(Clock clock) {
        return BootService.builder(store).ipxeServiceUrl("http://svc:8082")
                .ignitionUrlSigner(new IgnitionUrlSigner(KEY, Duration.ofHours(1), clock)).listener(events::add).build();
    }

    private static String signedQuery(BootService boot, String uuid) {
        String script = boot.handle(BootRequest.get("/ipxe/" + uuid, "10.0.0.5")).bodyText();
        Matcher m = Pattern.compile("ignition\\.config\\.url=\\$\\{ipxe-svc}/ignition/\\$\\{uuid}\\?(exp=\\d+&sig=[0-9a-f]{64}) ")
                .matcher(script);
        assertThat(m.find()).as("a signed Ignition URL in:\n" + script).isTrue();
        return m.group(1);
    }

    @Test
    void theIpxeScriptCarriesASignedUrlThatOpensOnlyThatMachinesIgnitionUntilItExpires() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BootService boot = signing(clock);
        String query = signedQuery(boot, UUID_A);

        assertThat(query).startsWith("exp=" + NOW.plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(boot.handle(request("/ignition/" + UUID_A, query, "10.0.0.5")).status()).isEqualTo(200);
        assertThat(boot.handle(request("/ignition/" + UUID_A.toUpperCase(), query, "10.0.0.5")).status())
                .as("iPXE may send the UUID in upper case").isEqualTo(200);
        assertThat(boot.handle(request("/ignition/" + UUID_B, query, "10.0.0.5")).status()).as("another machine").isEqualTo(403);
        assertThat(boot.handle(request("/ignition/" + UUID_A, "", "10.0.0.5")).status()).as("unsigned").isEqualTo(403);
        String tampered = query.replaceFirst("exp=(\\d+)", "exp=9$1");
        assertThat(boot.handle(request("/ignition/" + UUID_A, tampered, "10.0.0.5")).bodyText()).contains("not valid");

        BootService later = signing(Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        BootResponse expired = later.handle(request("/ignition/" + UUID_A, query, "10.0.0.5"));
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.bodyText()).contains("expired");
        assertThat(events).filteredOn(BootEvent.IgnitionDenied.class::isInstance).hasSize(4);
    }

    @Test
    void signingNeedsAKeyOfSixteenBytesAndATemplateWithTheQueryPlaceholder() {
        assertThatThrownBy(() -> new IgnitionUrlSigner(new byte[8], Duration.ofHours(1), Clock.systemUTC()))
                .hasMessageContaining("at least 16");
        dev.bootoperator.ipxe.IpxeScripts unsigned = new dev.bootoperator.ipxe.IpxeScripts(
                dev.bootoperator.ipxe.IpxeTemplate.parse("chain", "#!ipxe\nchain {{ipxeServiceURL}}\n", Set.of("ipxeServiceURL")),
                dev.bootoperator.ipxe.IpxeTemplate.parse("boot", "#!ipxe\nkernel {{kernelURL}}\nboot\n",
                        dev.bootoperator.ipxe.IpxeScripts.BOOT_PLACEHOLDERS));
        assertThatThrownBy(() -> BootService.builder(store).ipxeScripts(unsigned)
                .ignitionUrlSigner(new IgnitionUrlSigner(KEY, Duration.ofHours(1), Clock.systemUTC())).build())
                .hasMessageContaining("{{ignitionURLQuery}}");
    }

    @ParameterizedTest(name = "{0} trusts {1}: {2}")
    @CsvSource({"10.0.0.0/8, 10.255.1.2, true", "10.0.0.0/8, 11.0.0.1, false", "10.0.0.2, 10.0.0.2, true",
            "10.0.0.2, 10.0.0.3, false", "10.0.0.0/31, 10.0.0.1, true", "10.0.0.0/31, 10.0.0.2, false",
            "fd00::/16, fd00:1::1, true", "fd00::/16, fe80::1, false", "10.0.0.0/8, ::ffff:10.1.1.1, true",
            "0.0.0.0/0, 203.0.113.9, true", "10.0.0.0/8, not-an-ip, false", "10.0.0.0/8, [::1], false"})
    void cidrMatching(String cidrs, String peer, boolean trusted) {
        assertThat(TrustedProxies.parse(cidrs).trusts(peer)).isEqualTo(trusted);
    }

    @ParameterizedTest
    @CsvSource({"'  '", "10.0.0.0/33", "fd00::/129", "host.example", "10.0.0.0/x", "10.0.0/8"})
    void badTrustedProxiesAreRefusedQuotingTheEntry(String csv) {
        assertThatThrownBy(() -> TrustedProxies.parse(csv)).isInstanceOf(IllegalArgumentException.class);
    }
}
