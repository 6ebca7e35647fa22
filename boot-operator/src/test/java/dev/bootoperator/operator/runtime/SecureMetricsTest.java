package dev.bootoperator.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.jetty.ListenAddress;
import dev.bootoperator.operator.OperatorOptions;
import dev.bootoperator.operator.testing.MockCluster;
import dev.bootoperator.operator.testing.TrustAnyCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} as controller-runtime serves it with {@code --metrics-secure}: HTTPS, a TokenReview and a
 * SubjectAccessReview per scraper (cached), 401 / 403 / 200; and plain HTTP without it.
 */
class SecureMetricsTest {
    private static final Optional<ListenAddress> ANY_PORT = Optional.of(new ListenAddress("127.0.0.1", 0));
    private MockCluster cluster;
    private MockCluster.Reviews reviews;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        reviews = cluster.reviewAccess(Map.of("prometheus-token", "system:serviceaccount:monitoring:prometheus",
                "intruder-token", "system:serviceaccount:default:intruder"),
                Set.of("system:serviceaccount:monitoring:prometheus"));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void everyScrapeIsAuthenticatedAndAuthorizedOverHttpsWithASelfSignedCertificate() throws Exception {
        OperatorOptions options = OperatorOptions.defaults().withListeners(ANY_PORT, Optional.empty());
        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options).start()) {
            URI metrics = URI.create("https://" + runtime.metricsAddress().orElseThrow() + "/metrics");

            assertThat(get(metrics, null)).isEqualTo("401 Unauthorized\n");
            assertThat(get(metrics, "Basic Zm9vOmJhcg==")).isEqualTo("401 Unauthorized\n");
            assertThat(get(metrics, "Bearer unknown-token")).isEqualTo("401 Unauthorized\n");
            assertThat(get(metrics, "Bearer intruder-token"))
                    .isEqualTo("403 Authorization denied for user system:serviceaccount:default:intruder\n");
            assertThat(get(metrics, "Bearer prometheus-token")).startsWith("200 ").contains("jvm_memory_used_bytes");
            assertThat(get(metrics.resolve("/nothing"), "Bearer prometheus-token")).startsWith("404 ");

            X509Certificate served = peerCertificate(metrics);
            assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=boot-operator-metrics");
            served.verify(served.getPublicKey());
        }
    }

    @Test
    void reviewsAreCachedSoScrapesDoNotHammerTheApiServer() throws Exception {
        OperatorOptions options = OperatorOptions.defaults().withListeners(ANY_PORT, Optional.empty());
        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options).start()) {
            URI metrics = URI.create("https://" + runtime.metricsAddress().orElseThrow() + "/metrics");
            for (int i = 0; i < 5; i++) {
                assertThat(get(metrics, "Bearer prometheus-token")).startsWith("200 ");
                assertThat(get(metrics, "Bearer intruder-token")).startsWith("403 ");
            }
            assertThat(reviews.tokenReviews().get()).as("one TokenReview per token").isEqualTo(2);
            assertThat(reviews.accessReviews().get()).as("one SubjectAccessReview per user").isEqualTo(2);
        }
    }

    @Test
    void theCertificateFilesAreServedAndReReadWhenTheyChange() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("metrics-certs"));
        openssl(certs, "first");
        OperatorOptions options = OperatorOptions.defaults().withListeners(ANY_PORT, Optional.empty())
                .withMetricsServing(new OperatorOptions.MetricsServing(true, Optional.of(certs), "tls.crt", "tls.key",
                        false));
        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options).start()) {
            URI metrics = URI.create("https://" + runtime.metricsAddress().orElseThrow() + "/metrics");
            assertThat(peerCertificate(metrics).getSubjectX500Principal().getName()).isEqualTo("CN=first");
            assertThat(get(metrics, "Bearer prometheus-token")).startsWith("200 ");

            openssl(certs, "second");
            Files.setLastModifiedTime(certs.resolve("tls.crt"), java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() + 5_000));
            long deadline = System.nanoTime() + MetricsTls.RELOAD_CHECK.toNanos() + TimeUnit.SECONDS.toNanos(10);
            String subject = "";
            while (System.nanoTime() < deadline && !subject.equals("CN=second")) {
                Thread.sleep(500);
                subject = peerCertificate(metrics).getSubjectX500Principal().getName();
            }
            assertThat(subject).isEqualTo("CN=second");
        }
    }

    @Test
    void certificateFilesThatAreMissingStopTheStartNamingFlagAndFile() {
        Path certs = dir.resolve("no-certs");
        OperatorOptions options = OperatorOptions.defaults().withListeners(ANY_PORT, Optional.empty())
                .withMetricsServing(new OperatorOptions.MetricsServing(true, Optional.of(certs), "tls.crt", "tls.key",
                        false));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> OperatorRuntime.builder(cluster.newClient(), options).start())
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("--metrics-cert-path: cannot load the certificate " + certs.resolve("tls.crt") + " and key "
                        + certs.resolve("tls.key") + ": no such file " + certs.resolve("tls.crt"));
    }

    @Test
    void withoutMetricsSecureItIsPlainHttpForAnyone() throws Exception {
        OperatorOptions options = OperatorOptions.defaults().withListeners(ANY_PORT, Optional.empty())
                .withMetricsServing(OperatorOptions.MetricsServing.PLAIN);
        try (OperatorRuntime runtime = OperatorRuntime.builder(cluster.newClient(), options).start()) {
            URI metrics = URI.create("http://" + runtime.metricsAddress().orElseThrow() + "/metrics");
            assertThat(get(metrics, null)).startsWith("200 ").contains("jvm_memory_used_bytes");
            assertThat(reviews.tokenReviews().get()).isZero();
        }
    }

    /** A certificate with CN {@code name} and its PKCS#1 RSA key, as cert-manager writes them by default. */
    private static void openssl(Path certs, String name) throws Exception {
        Path key = certs.resolve("tls.key.new");
        Path cert = certs.resolve("tls.crt.new");
        run("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048");
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        run("openssl", "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-days", "1",
                "-addext", "subjectAltName=IP:127.0.0.1",
                "-out", cert.toString());
        Files.move(key, certs.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(cert, certs.resolve("tls.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("this test needs openssl: apt-get install openssl", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    }

    private static X509Certificate peerCertificate(URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TrustAnyCertificate.sslContext()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        SSLSession session = response.sslSession().orElseThrow();
        return (X509Certificate) session.getPeerCertificates()[0];
    }

    private static String get(URI uri, String authorization) throws Exception {
        // a new client (and TLS session) per request, as scrapes from different Prometheus instances
        HttpClient client = HttpClient.newBuilder().sslContext(TrustAnyCertificate.sslContext()).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
