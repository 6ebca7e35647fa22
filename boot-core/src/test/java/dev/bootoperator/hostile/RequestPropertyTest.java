package dev.bootoperator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.boot.BootResponse;
import dev.bootoperator.boot.BootService;
import dev.bootoperator.boot.IgnitionUrlSigner;
import dev.bootoperator.boot.TrustedProxies;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.oci.BlobCache;
import dev.bootoperator.oci.ImageProxy;
import dev.bootoperator.oci.ImageProxyResponse;
import dev.bootoperator.oci.RegistryClient;
import dev.bootoperator.oci.RegistryPolicy;
import dev.bootoperator.store.InMemoryBootConfigStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and adversarial paths, query strings and headers against the boot endpoints and the image proxy: every
 * request gets a deliberate answer (never a 500, never an exception, never internals in the body) within 2 s.
 */
class RequestPropertyTest {
    static final String UUID = "4c4c4544-0042-3510-8056-b4c04f445931";
    static final Set<Integer> BOOT_STATUSES = Set.of(200, 400, 403, 404, 405, 503);
    /** 502: an allowed registry that cannot be reached (port 1 on loopback refuses at once). */
    static final Set<Integer> PROXY_STATUSES = Set.of(200, 206, 400, 403, 404, 405, 416, 502);

    @TempDir
    Path cacheDir;

    static List<String> paths() {
        List<String> fragments = List.of("/ipxe", "/ipxe/", "/httpboot", "/httpboot/", "/ignition/", "/image", "/healthz",
                "/readyz", UUID, "%2e%2e", "%2F", "%5c", "%00", "..", ".", "//", "\\", "%", "%zz", "?", "#", ";",
                "127.0.0.1:1/", "sha256-", "0123456789abcdef".repeat(4), ".efi", "x".repeat(200), "%E2%82%AC", "\u20ac");
        return Adversarial.inputs(3000, "/.%0123456789abcdefipxgnthoz-:\\@", fragments, 300).stream()
                .map(p -> p.startsWith("/") ? p : "/" + p).toList();
    }

    static List<String> queries() {
        List<String> valid = List.of(
                "imageName=127.0.0.1:1/os&version=1.0&layerDigest=sha256:" + "0123456789abcdef".repeat(4),
                "imageName=127.0.0.1:1/os&version=1.0&layerName=application/vnd.ironcore.image.uki",
                "imageName=ghcr.io/gardenlinux/gardenlinux&version=1877.0&layerName=application/vnd.ironcore.image.kernel",
                "imageName=docker.io/library/alpine&version=latest&layerDigest=sha256:" + "ab".repeat(32));
        List<String> all = new java.util.ArrayList<>(Adversarial.mutants(1500, valid, "=&%+abc0123:/.@-",
                List.of("&", "=", "%", "%zz", "+", "imageName=", "&version=", "&layerName=x", "%2F", "sha256:")));
        all.addAll(noise());
        return all;
    }

    static List<String> noise() {
        return Adversarial.inputs(1500, "=&%+abcdefgimnoprstuvxyzANLD0123456789:/.@-", List.of("imageName=", "version=",
                "layerDigest=", "layerName=", "sha256:", "0123456789abcdef".repeat(4), "127.0.0.1:1/os", "ghcr.io/x",
                "&", "=", "%", "%zz", "%00", "+", "application/vnd.ironcore.image.uki", "exp=", "sig=", "x".repeat(5000)),
                600);
    }

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "get", "DELETE", "OPTIONS", "X");

    BootService boot() {
        InMemoryBootConfigStore store = new InMemoryBootConfigStore();
        store.replaceAll(List.of(
                new IpxeBootConfig(ObjectKey.of("default", "a"), UUID, List.of("10.0.0.5"), Optional.empty(), "http://k",
                        "http://i", Optional.empty(), Optional.empty(), Optional.of("a-ign"), Optional.empty()),
                new HttpBootConfig(ObjectKey.of("default", "b"), "8d2e7f3a-55b1-4c1e-9a0b-2f6c3d4e5a61",
                        List.of("10.0.0.31"), Optional.of("http://uki"), Optional.of("a-ign")),
                Secret.ofStrings(ObjectKey.of("default", "a-ign"), Map.of("ignition", "{\"ignition\":{\"version\":\"3.4.0\"}}"))));
        return BootService.builder(store).ipxeServiceUrl("http://svc").defaultUkiUrl("http://default/uki.efi")
                .trustedProxies(TrustedProxies.parse("10.0.0.2"))
                .ignitionUrlSigner(new IgnitionUrlSigner("a-signing-key-of-some-length".getBytes(), Duration.ofHours(1),
                        Clock.systemUTC()))
                .build();
    }

    private static BootRequest request(int i, String path, String query, String header) {
        return new BootRequest(METHODS.get(i % METHODS.size()), path, query, i % 3 == 0 ? "10.0.0.2" : "192.0.2.7",
                name -> name.equalsIgnoreCase("X-Forwarded-For") || name.equalsIgnoreCase("Range")
                        || name.equalsIgnoreCase("If-Range") ? List.of(header) : List.of());
    }

    private static void assertDeliberate(BootResponse r, Set<Integer> allowed, String what) {
        assertThat(allowed).as(what + " -> " + r.status() + " " + r.bodyText()).contains(r.status());
        assertThat(r.bodyText()).doesNotContain("Exception", "\tat ", "java.");
    }

    @Test
    void theBootEndpointsAnswerEveryRequestDeliberately() {
        BootService boot = boot();
        List<String> paths = paths();
        List<String> queries = queries();
        int[] i = {0};
        java.util.Map<Integer, Integer> seen = new java.util.TreeMap<>();
        Adversarial.forAll(paths, path -> {
            int n = i[0]++;
            String query = queries.get(n % queries.size());
            String header = queries.get((n * 7 + 3) % queries.size());
            BootResponse r = boot.handle(request(n, path, query, header));
            seen.merge(r.status(), 1, Integer::sum);
            assertDeliberate(r, BOOT_STATUSES, path + "?" + query);
        });
        assertThat(seen).as("statuses reached").containsKeys(200, 400, 403, 404, 405);
    }

    @Test
    void theImageProxyAnswersEveryRequestDeliberately() throws Exception {
        try (BlobCache cache = BlobCache.open(cacheDir, 1 << 20);
             RegistryClient registry = RegistryClient.builder()
                     .policy(RegistryPolicy.fromCsv("127.0.0.1:1", "127.0.0.1:1"))
                     .connectTimeout(Duration.ofMillis(300)).build()) {
            ImageProxy proxy = ImageProxy.builder(registry, cache).build();
            List<String> paths = paths();
            List<String> queries = queries();
            int[] i = {0};
            java.util.Map<Integer, Integer> seen = new java.util.TreeMap<>();
            Adversarial.forAll(queries, query -> {
                int n = i[0]++;
                String path = n % 2 == 0 ? "/image" : paths.get(n % paths.size());
                ImageProxyResponse r = proxy.handle(request(n, path, query, queries.get((n * 5 + 1) % queries.size())));
                BootResponse message = r instanceof ImageProxyResponse.Message m ? m.response()
                        : BootResponse.text(r.status(), "layer");
                seen.merge(r.status(), 1, Integer::sum);
                assertDeliberate(message, PROXY_STATUSES, path + "?" + query);
            });
            assertThat(seen).as("statuses reached").containsKeys(400, 403, 404, 405, 502);
        }
    }
}
