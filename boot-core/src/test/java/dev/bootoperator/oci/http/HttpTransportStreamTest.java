package dev.bootoperator.oci.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed bodies over {@code HttpURLConnection} (the read timeout not shorter than the request timeout), against
 * a socket that misbehaves on purpose in ways a real registry only does by accident: headers and then a stall, a
 * body shorter than its {@code Content-Length}, no headers at all.
 */
class HttpTransportStreamTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private HttpTransport transport;

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Answers every connection with {@code head} and {@code body}, then waits for the test to end. */
    private URI serve(String head, byte[] body) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    readRequestHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    release.await(20, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "misbehaving-registry");
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/r/blobs/x");
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b; matched < end.length && (b = in.read()) >= 0; ) {
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    private HttpResponse<InputStream> stream(URI uri, Duration requestTimeout, Duration readTimeout) throws IOException {
        transport = new HttpTransport(Duration.ofSeconds(5), requestTimeout).readTimeout(readTimeout);
        return transport.stream(HttpRequest.newBuilder(uri).build());
    }

    @Test
    void aBodyThatStallsAfterItsHeadersFailsWithTheReadTimeout() throws Exception {
        URI uri = serve("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", new byte[300]);
        HttpResponse<InputStream> response = stream(uri, Duration.ofMillis(300), Duration.ofMillis(600));

        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(300)).hasSize(300);
            assertThatThrownBy(body::read).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("read timeout").hasMessageContaining(uri.toString());
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnErrorNotAnEnd() throws Exception {
        URI uri = serve("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n", new byte[10]);
        release.countDown(); // the server closes the connection after 10 bytes

        try (InputStream body = stream(uri, Duration.ofSeconds(5), Duration.ofSeconds(10)).body()) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("ended after 10 of 1000 bytes");
        }
    }

    @Test
    void headersThatDoNotArriveHitTheRequestTimeout() throws Exception {
        URI uri = serve("", new byte[0]);

        assertThatThrownBy(() -> stream(uri, Duration.ofMillis(300), Duration.ofSeconds(10)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("no complete response within 300 ms");
    }

    @Test
    void theHeadersAndTheWholeBodyArriveWithTheAnnouncedLength() throws Exception {
        byte[] blob = new byte[300_000];
        new java.util.Random(3).nextBytes(blob);
        URI uri = serve("HTTP/1.1 200 OK\r\nContent-Length: " + blob.length + "\r\nX-Probe: yes\r\n\r\n", blob);

        HttpResponse<InputStream> response = stream(uri, Duration.ofSeconds(5), Duration.ofSeconds(10));

        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(blob.length);
        assertThat(response.headers().firstValue("x-probe")).hasValue("yes");
        try (InputStream body = response.body()) {
            assertThat(body.readAllBytes()).isEqualTo(blob);
        }
    }
}
