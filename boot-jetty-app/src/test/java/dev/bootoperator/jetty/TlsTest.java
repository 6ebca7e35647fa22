package dev.bootoperator.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.oci.DebianTools;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both ports over HTTPS with a PEM certificate from openssl, its reload on change, and HTTP/2 only on request. */
class TlsTest {
    @TempDir
    Path dir;
    private BootServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, written by openssl under {@code name}. */
    private Path[] certificate(String name) {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        DebianTools.exec(Duration.ofSeconds(60), List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=IP:127.0.0.1"));
        return new Path[] {cert, key};
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static HttpClient trusting(HttpClient.Version version, Path... certs) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certs.length; i++) {
            trust.setCertificateEntry("c" + i, read(certs[i]));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private void start(Path cert, Path key, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--config-dir", Files.createDirectories(dir.resolve("config")).toString(),
                "--boot-server-address", "127.0.0.1:0", "--image-proxy-server-address", "127.0.0.1:0",
                "--image-cache-dir", dir.resolve("cache").toString(),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString()));
        args.addAll(List.of(more));
        server = BootServer.start(BootServerMain.parse(args.toArray(String[]::new), Map.of()));
    }

    private static HttpResponse<String> get(HttpClient client, URI base, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bothPortsServeHttpsAndHttp2StaysOffByDefault() throws Exception {
        Path[] pem = certificate("boot-a");
        start(pem[0], pem[1]);
        HttpClient client = trusting(HttpClient.Version.HTTP_2, pem[0]);

        HttpResponse<String> boot = get(client, server.uri(), "/healthz");
        HttpResponse<String> image = get(client, server.imageUri(), "/healthz");

        assertThat(server.uri().getScheme()).isEqualTo("https");
        assertThat(boot.statusCode()).isEqualTo(200);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(boot.version()).as("HTTP/2 is off unless --enable-http2").isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void enableHttp2NegotiatesH2() throws Exception {
        Path[] pem = certificate("boot-h2");
        start(pem[0], pem[1], "--enable-http2");

        HttpResponse<String> r = get(trusting(HttpClient.Version.HTTP_2, pem[0]), server.uri(), "/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void aNewCertificateIsServedAfterTheFilesChange() throws Exception {
        Path[] first = certificate("boot-first");
        Path[] second = certificate("boot-second");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(first[0], cert);
        Files.copy(first[1], key);
        start(cert, key);
        BigInteger firstSerial = read(first[0]).getSerialNumber();
        BigInteger secondSerial = read(second[0]).getSerialNumber();
        assertThat(servedSerial(first[0], second[0])).isEqualTo(firstSerial);

        Files.copy(second[1], dir.resolve("key.tmp"));
        Files.copy(second[0], dir.resolve("cert.tmp"));
        Files.move(dir.resolve("key.tmp"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(dir.resolve("cert.tmp"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        BigInteger served = firstSerial;
        while (!served.equals(secondSerial) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            served = servedSerial(first[0], second[0]);
        }
        assertThat(served).as("the certificate after the files changed").isEqualTo(secondSerial);
    }

    /** The serial of the certificate a new connection gets. */
    private BigInteger servedSerial(Path... trusted) throws Exception {
        HttpResponse<String> r = get(trusting(HttpClient.Version.HTTP_1_1, trusted), server.uri(), "/healthz");
        return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }
}
