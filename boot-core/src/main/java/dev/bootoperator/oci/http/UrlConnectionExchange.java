package dev.bootoperator.oci.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;

/**
 * One request over {@link HttpURLConnection}, whose body streams from the socket into the reader's array. Used for
 * blob bodies: measured on the same 512 MiB blob, it reads 2-4 times faster than {@code java.net.http.HttpClient}
 * on Java 17 (docs/benchmarks.md, "The transport"). Connections are kept alive and reused by the JDK's keep-alive
 * cache when a body is read to its end; a body closed early closes its connection.
 *
 * <p>Timeouts, as {@link HttpTransport} promises them: {@code connectTimeout} per connection; the response headers
 * within {@code requestTimeout} once connected (a watchdog disconnects a request that has not answered by then); and
 * the socket
 * read timeout {@code readTimeout} for every read, so a body that stalls mid-stream fails.
 */
final class UrlConnectionExchange {
    private static final int WAITING = 0;
    private static final int ANSWERED = 1;
    private static final int TIMED_OUT = 2;

    private UrlConnectionExchange() {
    }

    /** Sends {@code request} (no body) and returns once its headers have arrived; redirects are not followed. */
    static HttpResponse<InputStream> send(HttpRequest request, Duration connectTimeout, Duration requestTimeout,
            Duration readTimeout, ScheduledExecutorService watchdog) throws IOException {
        URI uri = request.uri();
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(readTimeout));
        connection.setRequestMethod(request.method());
        request.headers().map().forEach((name, values) -> values.forEach(v -> connection.addRequestProperty(name, v)));
        if (request.headers().firstValue("Accept").isEmpty()) {
            connection.setRequestProperty("Accept", "*/*"); // instead of HttpURLConnection's browser-like default
        }
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            throw connectTimeout(request, connectTimeout, e);
        } catch (UnknownHostException e) {
            ConnectException unknown = new ConnectException("unknown host " + uri.getHost());
            unknown.initCause(e);
            throw unknown;
        }
        AtomicInteger state = new AtomicInteger(WAITING);
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            if (state.compareAndSet(WAITING, TIMED_OUT)) {
                connection.disconnect(); // fails the blocked header read
            }
        }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        int status;
        try {
            status = connection.getResponseCode();
        } catch (IOException | RuntimeException e) {
            // a RuntimeException too: HttpURLConnection may throw one when disconnected from another thread
            connection.disconnect();
            if (state.get() == TIMED_OUT || e instanceof SocketTimeoutException) {
                throw noResponse(request, requestTimeout, e);
            }
            throw e instanceof IOException io ? io : new IOException(request.method() + " " + uri + " failed: " + e, e);
        } finally {
            deadline.cancel(false);
        }
        if (!state.compareAndSet(WAITING, ANSWERED)) {
            connection.disconnect();
            throw noResponse(request, requestTimeout, null);
        }
        if (status < 100) {
            connection.disconnect();
            throw new IOException(request.method() + " " + uri + ": not an HTTP/1.x response");
        }
        HttpHeaders headers = headers(connection);
        long length = headers.firstValueAsLong("Content-Length").orElse(-1);
        InputStream raw;
        if ("HEAD".equals(request.method()) || status == 204 || status == 304) {
            raw = InputStream.nullInputStream();
            length = 0;
        } else {
            try {
                raw = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            } catch (IOException e) {
                connection.disconnect();
                throw e;
            }
            if (raw == null) {
                raw = InputStream.nullInputStream();
                length = 0;
            }
        }
        boolean chunked = headers.firstValue("Transfer-Encoding").isPresent();
        Body body = new Body(raw, connection, chunked ? -1 : length, uri, readTimeout);
        return new Response(request, status, headers, body);
    }

    private static HttpHeaders headers(HttpURLConnection connection) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line
                fields.put(name, values);
            }
        });
        return HttpHeaders.of(fields, (name, value) -> true);
    }

    private static HttpConnectTimeoutException connectTimeout(HttpRequest request, Duration timeout, IOException e) {
        HttpConnectTimeoutException t = new HttpConnectTimeoutException(request.method() + " " + request.uri()
                + ": no connection within " + timeout.toMillis() + " ms");
        t.initCause(e);
        return t;
    }

    private static HttpTimeoutException noResponse(HttpRequest request, Duration timeout, Exception e) {
        HttpTimeoutException t = new HttpTimeoutException(request.method() + " " + request.uri()
                + ": no complete response within " + timeout.toMillis() + " ms");
        if (e != null) {
            t.initCause(e);
        }
        return t;
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /**
     * The body: a stalled read fails with the read timeout's message; a body that ends before its
     * {@code Content-Length} is an error, not an end; closing before the end drops the connection instead of
     * draining it.
     */
    static final class Body extends InputStream {
        private final InputStream in;
        private final HttpURLConnection connection;
        private final long length;
        private final URI uri;
        private final Duration readTimeout;
        private long count;
        private boolean ended;
        private volatile boolean closed;

        Body(InputStream in, HttpURLConnection connection, long length, URI uri, Duration readTimeout) {
            this.in = in;
            this.connection = connection;
            this.length = length;
            this.uri = uri;
            this.readTimeout = readTimeout;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, len, bytes.length);
            if (closed) {
                throw new IOException("stream closed");
            }
            if (len == 0) {
                return 0;
            }
            if (ended) {
                return -1;
            }
            int n;
            try {
                n = in.read(bytes, offset, len);
            } catch (SocketTimeoutException e) {
                close();
                SocketTimeoutException stalled = new SocketTimeoutException("no data for " + readTimeout.toMillis()
                        + " ms (read timeout): upstream stalled, " + uri);
                stalled.initCause(e);
                throw stalled;
            } catch (IOException e) {
                if (closed) {
                    throw new IOException("stream closed", e);
                }
                throw e;
            }
            if (n < 0) {
                if (length >= 0 && count < length) {
                    close();
                    throw new IOException(uri + ": the body ended after " + count + " of " + length + " bytes");
                }
                ended = true;
                return -1;
            }
            count += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return closed || ended ? 0 : in.available();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (ended || (length >= 0 && count >= length)) {
                try {
                    in.close(); // read to the end: the connection goes back to the keep-alive cache
                } catch (IOException e) {
                    connection.disconnect();
                }
            } else {
                connection.disconnect(); // rather than read the rest of a large body to keep the connection
            }
        }
    }

    private record Response(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {
        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
