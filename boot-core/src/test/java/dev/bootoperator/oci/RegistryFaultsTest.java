package dev.bootoperator.oci;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.temporaryRedirect;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registry faults a real registry does not produce on demand, played by WireMock. */
class RegistryFaultsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REPO = "boot/os";
    static final byte[] BLOB = TestImages.random(256 << 10, 7);
    static final Digest BLOB_DIGEST = Digest.of(BLOB);
    static final String BLOB_PATH = "/v2/" + REPO + "/blobs/" + BLOB_DIGEST;
    static final String MANIFEST_PATH = "/v2/" + REPO + "/manifests/1.0";

    static WireMockServer registry;
    static WireMockServer cdn;

    @BeforeAll
    static void start() {
        registry = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        cdn = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        registry.start();
        cdn.start();
    }

    @AfterAll
    static void stop() {
        registry.stop();
        cdn.stop();
    }

    @BeforeEach
    void forgetStubsAndRequests() {
        registry.resetAll();
        cdn.resetAll();
    }

    String address() {
        return "127.0.0.1:" + registry.port();
    }

    ImageReference ref() {
        return ImageReference.parse(address() + "/" + REPO + ":1.0");
    }

    RegistryClient.Builder builder() {
        return RegistryClient.builder().policy(RegistryPolicy.fromCsv(address(), address()));
    }

    RegistryClient client() {
        return builder().build();
    }

    void anonymousRegistry() {
        registry.stubFor(get("/v2/").willReturn(ok("{}")));
    }

    void bearerRegistry() {
        registry.stubFor(get("/v2/").willReturn(unauthorized().withHeader("WWW-Authenticate", bearerChallenge())));
    }

    String bearerChallenge() {
        return "Bearer realm=\"http://127.0.0.1:" + registry.port() + "/token\",service=\"fake-registry\","
                + "scope=\"repository:" + REPO + ":pull\"";
    }

    static byte[] manifest() throws Exception {
        return JSON.writeValueAsBytes(Map.of(
                "schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json",
                        "digest", Digest.of("{}".getBytes()).toString(), "size", 2),
                "layers", List.of(Map.of("mediaType", "application/vnd.ironcore.image.kernel",
                        "digest", BLOB_DIGEST.toString(), "size", BLOB.length))));
    }

    static ResponseDefinitionBuilder manifestResponse(byte[] body) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .withBody(body);
    }

    static MappingBuilder getManifest() {
        return get(urlEqualTo(MANIFEST_PATH));
    }

    // --- policy -------------------------------------------------------------------------------------------------

    @Test
    void aRegistryOutsideThePolicyIsRefusedBeforeAnyRequest() {
        anonymousRegistry();
        RegistryClient client = RegistryClient.builder()
                .policy(RegistryPolicy.fromCsv("", address())) // insecure, but not allowed: only ghcr.io is
                .build();

        assertThatThrownBy(() -> client.resolve(ref()))
                .isInstanceOf(RegistryNotAllowedException.class)
                .hasMessageContaining("registry " + address() + " is not allowed")
                .hasMessageContaining("allowed: ghcr.io")
                .hasMessageContaining("--insecure-registries");
        assertThatThrownBy(() -> client.openBlob(ref(), BLOB_DIGEST)).isInstanceOf(RegistryNotAllowedException.class);
        assertThat(registry.getAllServeEvents()).isEmpty();
    }

    @Test
    void probesTheRegistryOnceForAllRepositoriesAndCalls() throws Exception {
        anonymousRegistry();
        registry.stubFor(get(urlEqualTo(MANIFEST_PATH)).willReturn(manifestResponse(manifest())));
        registry.stubFor(get(urlEqualTo("/v2/other/repo/manifests/1.0")).willReturn(manifestResponse(manifest())));
        registry.stubFor(get(urlEqualTo(BLOB_PATH)).willReturn(ok().withBody(BLOB)));
        RegistryClient client = client();

        client.resolve(ref());
        client.resolve(ImageReference.parse(address() + "/other/repo:1.0"));
        try (FetchedBlob blob = client.openBlob(ref(), BLOB_DIGEST)) {
            blob.body().readAllBytes();
        }

        assertThat(registry.findAll(getRequestedFor(urlEqualTo("/v2/")))).hasSize(1);
        assertThat(registry.findAll(getRequestedFor(urlEqualTo("/v2/")))
                .get(0).containsHeader("Authorization")).isFalse();
    }

    // --- unavailability and timeouts ----------------------------------------------------------------------------

    @Test
    void a5xxIsRegistryUnavailable() {
        anonymousRegistry();
        registry.stubFor(getManifest().willReturn(aResponse().withStatus(503)
                .withBody("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\"}]}")));

        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("manifest 1.0 of " + address() + "/" + REPO)
                .hasMessageContaining("503")
                .hasMessageContaining("UNAVAILABLE maintenance");
    }

    @Test
    void a429IsRegistryUnavailableWithRetryAfter() {
        anonymousRegistry();
        registry.stubFor(get(urlEqualTo(BLOB_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        assertThatThrownBy(() -> client().openBlob(ref(), BLOB_DIGEST))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining(BLOB_DIGEST.toString())
                .hasMessageContaining("Retry-After 30");
    }

    @Test
    void aSlowFirstByteHitsTheRequestTimeout() {
        anonymousRegistry();
        registry.stubFor(getManifest().willReturn(manifestResponse(new byte[0]).withFixedDelay(3000)));
        RegistryClient client = builder().requestTimeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.resolve(ref()))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("timed out")
                .hasMessageContaining(address());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aBlobBodySlowerThanTheRequestTimeoutStillStreams() throws Exception {
        anonymousRegistry();
        registry.stubFor(get(urlEqualTo(BLOB_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(BLOB.length))
                .withBody(BLOB).withChunkedDribbleDelay(8, 1200)));
        RegistryClient client = builder().requestTimeout(Duration.ofMillis(400)).build();

        try (FetchedBlob blob = client.openBlob(ref(), BLOB_DIGEST); InputStream in = blob.body()) {
            assertThat(Digest.of(in.readAllBytes())).isEqualTo(BLOB_DIGEST);
        }
    }

    @Test
    void aRefusedConnectionIsRegistryUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String closed = "127.0.0.1:" + closedPort;
        RegistryClient client = RegistryClient.builder().policy(RegistryPolicy.fromCsv(closed, closed)).build();

        assertThatThrownBy(() -> client.resolve(ImageReference.parse(closed + "/" + REPO + ":1.0")))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("cannot connect to " + closed)
                .hasMessageContaining(closed + "/" + REPO);
    }

    @Test
    void anUnknownHostIsRegistryUnavailable() {
        String host = "no-such-registry.invalid:5000";
        RegistryClient client = RegistryClient.builder().policy(RegistryPolicy.fromCsv(host, host))
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(3)).build();

        assertThatThrownBy(() -> client.resolve(ImageReference.parse(host + "/" + REPO + ":1.0")))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("no-such-registry.invalid:5000");
    }

    // --- not found and unusable answers -------------------------------------------------------------------------

    @Test
    void a404CarriesTheRegistrysErrorCode() {
        anonymousRegistry();
        registry.stubFor(getManifest().willReturn(aResponse().withStatus(404)
                .withBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}")));

        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("MANIFEST_UNKNOWN")
                .hasMessageContaining(address() + "/" + REPO);
    }

    @Test
    void aManifestFetchedByDigestMustHaveThatDigest() throws Exception {
        anonymousRegistry();
        Digest asked = Digest.of("something else".getBytes());
        registry.stubFor(get(urlEqualTo("/v2/" + REPO + "/manifests/" + asked)).willReturn(manifestResponse(manifest())));

        assertThatThrownBy(() -> client().resolve(ImageReference.parse(address() + "/" + REPO + "@" + asked)))
                .isInstanceOf(RegistryProtocolException.class)
                .hasMessageContaining("not the requested " + asked)
                .hasMessageContaining(Digest.of(manifest()).toString());
    }

    @Test
    void aManifestWhoseAnnouncedDigestDiffersIsRefused() throws Exception {
        anonymousRegistry();
        registry.stubFor(getManifest().willReturn(manifestResponse(manifest())
                .withHeader("Docker-Content-Digest", Digest.of("other".getBytes()).toString())));

        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryProtocolException.class)
                .hasMessageContaining("Docker-Content-Digest");
    }

    @Test
    void aManifestLargerThan4MiBIsRefusedWithoutReadingItAll() {
        anonymousRegistry();
        byte[] huge = new byte[(4 << 20) + 1];
        Arrays.fill(huge, (byte) ' ');
        registry.stubFor(getManifest().willReturn(manifestResponse(huge)));

        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryProtocolException.class)
                .hasMessageContaining("exceeds " + (4 << 20) + " bytes")
                .hasMessageContaining(address());
    }

    @Test
    void anUnsupportedManifestTypeIsRefused() {
        anonymousRegistry();
        registry.stubFor(getManifest().willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/vnd.docker.distribution.manifest.v1+prettyjws")
                .withBody("{\"schemaVersion\":1,\"fsLayers\":[]}")));

        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryProtocolException.class)
                .hasMessageContaining("unsupported manifest media type 'application/vnd.docker.distribution.manifest.v1+prettyjws'");
    }

    @Test
    void sendsAllFourManifestMediaTypes() throws Exception {
        anonymousRegistry();
        registry.stubFor(getManifest().willReturn(manifestResponse(manifest())));

        client().resolve(ref());

        String accept = registry.findAll(getRequestedFor(urlEqualTo(MANIFEST_PATH))).get(0).getHeader("Accept");
        assertThat(accept).contains("application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json");
    }

    // --- redirects ----------------------------------------------------------------------------------------------

    @Test
    void aRedirectToAnotherHostDropsTheAuthorizationHeader() throws Exception {
        registry.stubFor(get("/v2/").willReturn(unauthorized().withHeader("WWW-Authenticate", "Basic realm=\"fake\"")));
        registry.stubFor(get(urlEqualTo(BLOB_PATH))
                .willReturn(temporaryRedirect("http://localhost:" + cdn.port() + "/cdn/blob?sig=abc")));
        cdn.stubFor(get(urlPathEqualTo("/cdn/blob")).willReturn(ok().withBody(BLOB)
                .withHeader("Content-Length", String.valueOf(BLOB.length))));
        RegistryClient client = builder().credentials(DockerConfigCredentials.of(
                Map.of(address(), new RegistryCredentials("robot", "s3cret")))).build();

        try (FetchedBlob blob = client.openBlob(ref(), BLOB_DIGEST)) {
            assertThat(blob.contentLength()).isEqualTo(BLOB.length);
            assertThat(Digest.of(blob.body().readAllBytes())).isEqualTo(BLOB_DIGEST);
        }

        LoggedRequest atRegistry = registry.findAll(getRequestedFor(urlEqualTo(BLOB_PATH))).get(0);
        LoggedRequest atCdn = cdn.findAll(getRequestedFor(urlPathEqualTo("/cdn/blob"))).get(0);
        assertThat(atRegistry.getHeader("Authorization")).startsWith("Basic ");
        assertThat(atCdn.containsHeader("Authorization")).isFalse();
        assertThat(atCdn.containsHeader("Cookie")).isFalse();
        assertThat(atCdn.containsHeader("Proxy-Authorization")).isFalse();
    }

    @Test
    void aRedirectWithinTheRegistryKeepsTheAuthorizationHeader() throws Exception {
        registry.stubFor(get("/v2/").willReturn(unauthorized().withHeader("WWW-Authenticate", "Basic realm=\"fake\"")));
        registry.stubFor(get(urlEqualTo(BLOB_PATH)).willReturn(temporaryRedirect("/storage/blob")));
        registry.stubFor(get(urlEqualTo("/storage/blob")).willReturn(ok().withBody(BLOB)));
        RegistryClient client = builder().credentials(DockerConfigCredentials.of(
                Map.of(address(), new RegistryCredentials("robot", "s3cret")))).build();

        try (FetchedBlob blob = client.openBlob(ref(), BLOB_DIGEST)) {
            blob.body().readAllBytes();
        }

        assertThat(registry.findAll(getRequestedFor(urlEqualTo("/storage/blob"))).get(0).getHeader("Authorization"))
                .startsWith("Basic ");
    }

    @Test
    void aRedirectLoopIsAnError() {
        anonymousRegistry();
        registry.stubFor(get(urlEqualTo(BLOB_PATH)).willReturn(temporaryRedirect("/loop/a")));
        registry.stubFor(get(urlEqualTo("/loop/a")).willReturn(temporaryRedirect("/loop/b")));
        registry.stubFor(get(urlEqualTo("/loop/b")).willReturn(temporaryRedirect("/loop/a")));

        assertThatThrownBy(() -> client().openBlob(ref(), BLOB_DIGEST))
                .isInstanceOf(RegistryProtocolException.class)
                .hasMessageContaining("redirect loop")
                .hasMessageContaining(BLOB_DIGEST.toString());
        assertThat(registry.findAll(getRequestedFor(urlEqualTo("/loop/a")))).hasSize(1);
    }

    @Test
    void moreThanFiveRedirectsAreAnError() {
        anonymousRegistry();
        registry.stubFor(get(urlEqualTo(BLOB_PATH)).willReturn(temporaryRedirect("/hop/1")));
        for (int i = 1; i <= 6; i++) {
            registry.stubFor(get(urlEqualTo("/hop/" + i)).willReturn(temporaryRedirect("/hop/" + (i + 1))));
        }

        assertThatThrownBy(() -> client().openBlob(ref(), BLOB_DIGEST))
                .isInstanceOf(RegistryProtocolException.class)
                .hasMessageContaining("more than 5 redirects");
        assertThat(registry.findAll(getRequestedFor(urlEqualTo("/hop/6")))).isEmpty();
    }

    @Test
    void aRedirectToFtpIsAnError() {
        anonymousRegistry();
        registry.stubFor(get(urlEqualTo(BLOB_PATH)).willReturn(temporaryRedirect("ftp://127.0.0.1/blob")));

        assertThatThrownBy(() -> client().openBlob(ref(), BLOB_DIGEST))
                .isInstanceOf(RegistryProtocolException.class)
                .hasMessageContaining("ftp://127.0.0.1/blob")
                .hasMessageContaining("not http(s)");
    }

    // --- bearer tokens ------------------------------------------------------------------------------------------

    @Test
    void aFailingTokenEndpointIsAnAuthError() {
        bearerRegistry();
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("token endpoint answered 500")
                .hasMessageContaining(address())
                .hasMessageContaining(REPO);
        assertThat(registry.findAll(getRequestedFor(urlEqualTo(MANIFEST_PATH)))).isEmpty();
    }

    @Test
    void aTokenResponseWithoutATokenOrLargerThan64KiBIsAnAuthError() {
        bearerRegistry();
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson("{\"expires_in\": 60}")));
        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("neither token nor access_token");

        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson("{\"token\": \"" + "x".repeat(64 << 10) + "\"}")));
        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("exceeds " + (64 << 10) + " bytes");
    }

    @Test
    void readsAccessTokenAndAsksForPullScopeOfTheRepository() throws Exception {
        bearerRegistry();
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson("{\"access_token\": \"abc\"}")));
        registry.stubFor(getManifest().willReturn(manifestResponse(manifest())));

        client().resolve(ref());

        LoggedRequest token = registry.findAll(getRequestedFor(urlPathEqualTo("/token"))).get(0);
        assertThat(token.queryParameter("service").firstValue()).isEqualTo("fake-registry");
        assertThat(token.queryParameter("scope").firstValue()).isEqualTo("repository:" + REPO + ":pull");
        assertThat(token.containsHeader("Authorization")).isFalse();
        assertThat(registry.findAll(getRequestedFor(urlEqualTo(MANIFEST_PATH))).get(0).getHeader("Authorization"))
                .isEqualTo("Bearer abc");
    }

    @Test
    void aTokenIsCachedUntilItExpires() throws Exception {
        bearerRegistry();
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson("{\"token\": \"t\", \"expires_in\": 100}")));
        registry.stubFor(getManifest().willReturn(manifestResponse(manifest())));
        MutableClock clock = new MutableClock();
        RegistryClient client = builder().clock(clock).build();

        client.resolve(ref());
        client.resolve(ref());
        clock.advance(Duration.ofSeconds(80));
        client.resolve(ref());
        assertThat(registry.findAll(getRequestedFor(urlPathEqualTo("/token")))).hasSize(1);

        clock.advance(Duration.ofSeconds(20));
        client.resolve(ref());
        assertThat(registry.findAll(getRequestedFor(urlPathEqualTo("/token")))).hasSize(2);
    }

    @Test
    void a401RefreshesTheTokenAndRetries() throws Exception {
        bearerRegistry();
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson("{\"token\": \"t\", \"expires_in\": 300}")));
        registry.stubFor(getManifest().inScenario("revoked").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(unauthorized().withHeader("WWW-Authenticate", bearerChallenge()))
                .willSetStateTo("fresh"));
        registry.stubFor(getManifest().inScenario("revoked").whenScenarioStateIs("fresh")
                .willReturn(manifestResponse(manifest())));

        assertThat(client().resolve(ref()).layers()).hasSize(1);
        assertThat(registry.findAll(getRequestedFor(urlPathEqualTo("/token")))).hasSize(2);
    }

    @Test
    void a401IsRetriedWithFreshTokensAtMostTwice() {
        bearerRegistry();
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(okJson("{\"token\": \"t\"}")));
        registry.stubFor(getManifest().willReturn(unauthorized().withHeader("WWW-Authenticate", bearerChallenge())));

        assertThatThrownBy(() -> client().resolve(ref()))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("after 2 re-authentication(s)")
                .hasMessageContaining(address() + "/" + REPO);
        assertThat(registry.findAll(getRequestedFor(urlEqualTo(MANIFEST_PATH)))).hasSize(3);
        assertThat(registry.findAll(getRequestedFor(urlPathEqualTo("/token")))).hasSize(3);
    }
}
