package dev.bootoperator.oci.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends GET/HEAD requests and follows redirects itself, because blob downloads are redirected to CDNs and the
 * JDK's own redirect handling forwards {@code Authorization} to any host.
 *
 * <p>Bodies read into memory (manifests, tokens, errors) go through {@code java.net.http.HttpClient}. Streamed
 * bodies (blobs) go through {@link java.net.HttpURLConnection}, which reads a large body about twice as fast on
 * Java 17 with a third of the CPU (docs/benchmarks.md, "The transport"). They go through the {@code HttpClient}
 * instead when the transport was built on a client passed in (so that its TLS and proxy settings apply), or when
 * the read timeout is shorter than the request timeout: {@code HttpURLConnection} has a single socket timeout,
 * and the headers must be allowed the whole request timeout.
 *
 * <ul>
 *   <li>At most {@value #MAX_REDIRECTS} hops; a loop, a missing {@code Location} or a scheme other than http(s)
 *       is a {@link RedirectException}.</li>
 *   <li>{@code Authorization}, {@code Cookie} and {@code Proxy-Authorization} are dropped for the rest of the
 *       chain as soon as a hop changes host or port, or goes from https to http.</li>
 *   <li>Timeouts: {@code connectTimeout} per connection, and {@code requestTimeout} until the response headers
 *       of each hop arrive (the first byte). A streamed body has no overall deadline, so a large blob can take
 *       as long as it needs; a body read into memory must be complete within {@code requestTimeout}.</li>
 * </ul>
 *
 * <pre>{@code
 * HttpTransport http = new HttpTransport(Duration.ofSeconds(10), Duration.ofSeconds(30));
 * HttpResponse<InputStream> r = http.stream(HttpRequest.newBuilder(uri).header("Authorization", auth).build());
 * }</pre>
 */
public final class HttpTransport implements AutoCloseable {
    public static final int MAX_REDIRECTS = 5;
    /** How long a streamed body may deliver nothing before it fails, unless set otherwise. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /** Response buffers a streamed body requests ahead of its reader. */
    static final int STREAM_WINDOW = 8;

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final AtomicInteger DEADLINES = new AtomicInteger();
    private static final int REDIRECT_BODY_BYTES = 64 * 1024;

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ExecutorService executor;
    /** Enforces the header deadline of streamed requests; null when they go through {@code client}. */
    private final ScheduledExecutorService watchdog;
    private volatile Duration readTimeout = DEFAULT_READ_TIMEOUT;

    public HttpTransport(Duration connectTimeout, Duration requestTimeout) {
        this(ownExecutor(), connectTimeout, requestTimeout);
    }

    private HttpTransport(ExecutorService executor, Duration connectTimeout, Duration requestTimeout) {
        this(executor, HttpClient.newBuilder()
                        .executor(executor)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(positive(connectTimeout, "connectTimeout"))
                        // HTTP/1.1 also on plain http: the JDK would otherwise try an h2c upgrade on every request.
                        .version(HttpClient.Version.HTTP_1_1)
                        .build(),
                connectTimeout, requestTimeout, newWatchdog());
    }

    /** One daemon thread {@code registry-http-deadline-<n>}, stopped by {@link #close()}. */
    private static ScheduledExecutorService newWatchdog() {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "registry-http-deadline-" + DEADLINES.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        return watchdog;
    }

    /** Daemon threads {@code registry-http-<client>-<n>}, stopped by {@link #close()}. */
    private static ExecutorService ownExecutor() {
        int id = CLIENTS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "registry-http-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** For a client configured elsewhere (a TLS context, a proxy); it must not follow redirects itself. */
    public HttpTransport(HttpClient client, Duration requestTimeout) {
        this(null, client, Objects.requireNonNull(client, "client").connectTimeout().orElse(requestTimeout),
                requestTimeout, null);
    }

    private HttpTransport(ExecutorService executor, HttpClient client, Duration connectTimeout, Duration requestTimeout,
            ScheduledExecutorService watchdog) {
        this.executor = executor;
        this.watchdog = watchdog;
        this.client = Objects.requireNonNull(client, "client");
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HttpClient must use Redirect.NEVER; HttpTransport follows redirects");
        }
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long a streamed body may deliver nothing before its reader gets a {@code SocketTimeoutException}. */
    public HttpTransport readTimeout(Duration timeout) {
        this.readTimeout = positive(timeout, "readTimeout");
        return this;
    }

    /**
     * Stops the threads this transport started: its executor, and on Java 21+ the client's selector thread.
     * On Java 17 the selector thread ends when the client is garbage collected. A client passed in is closed too.
     */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (client instanceof AutoCloseable closeable) { // HttpClient is AutoCloseable from Java 21
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the HTTP client: {}", e.toString());
            }
        }
    }

    /** The response of the last hop, its body unread; the caller closes it. */
    public HttpResponse<InputStream> stream(HttpRequest request) throws IOException {
        Duration stall = readTimeout;
        // HttpURLConnection has one socket timeout, fixed when it connects: it can be the read timeout only if
        // that is not shorter than the header deadline, which the watchdog enforces.
        if (watchdog != null && stall.compareTo(requestTimeout) >= 0) {
            return send(request, hop -> {
                HttpResponse<InputStream> response = UrlConnectionExchange.send(hop, connectTimeout, requestTimeout,
                        stall, watchdog);
                if (isRedirect(response.statusCode())) {
                    try (InputStream body = response.body()) {
                        readAtMost(body, REDIRECT_BODY_BYTES); // a short body read to its end keeps the connection
                    }
                }
                return response;
            });
        }
        // the body handler for redirects is replaced in exchange(); this one is for the last hop
        return send(request, hop -> exchange(hop, info -> new StreamingBodySubscriber(STREAM_WINDOW, stall)));
    }

    /** The response of the last hop with its whole body, which must be at most {@code maxBytes} long. */
    public HttpResponse<byte[]> read(HttpRequest request, int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        return send(request, hop -> exchange(hop, info -> new LimitedBodySubscriber(request.uri(), maxBytes)));
    }

    /**
     * Whether credentials sent to {@code from} may also go to {@code to}: same host and effective port, and not
     * from https down to http.
     */
    public static boolean keepsCredentials(URI from, URI to) {
        String fromScheme = lower(from.getScheme());
        String toScheme = lower(to.getScheme());
        if ("https".equals(fromScheme) && !"https".equals(toScheme)) {
            return false;
        }
        return lower(from.getHost()).equals(lower(to.getHost())) && port(from) == port(to);
    }

    /** One request without following redirects; a redirect's body is already discarded. */
    private interface Hop<T> {
        HttpResponse<T> send(HttpRequest request) throws IOException;
    }

    private <T> HttpResponse<T> send(HttpRequest request, Hop<T> oneHop) throws IOException {
        checkScheme(request.uri(), request.uri());
        HttpRequest current = HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build();
        Set<URI> visited = new LinkedHashSet<>();
        visited.add(normalize(current.uri()));
        boolean credentials = true;
        for (int hop = 0; ; hop++) {
            HttpResponse<T> response = oneHop.send(current);
            if (!isRedirect(response.statusCode())) {
                return response;
            }
            URI from = current.uri();
            if (hop == MAX_REDIRECTS) {
                throw new RedirectException(from, "more than " + MAX_REDIRECTS + " redirects, starting at "
                        + request.uri() + ": " + chain(visited));
            }
            String location = response.headers().firstValue("Location").orElseThrow(() -> new RedirectException(
                    from, from + " answered " + response.statusCode() + " without a Location header"));
            URI next = resolve(from, location);
            checkScheme(from, next);
            if (!visited.add(normalize(next))) {
                throw new RedirectException(from, "redirect loop: " + chain(visited) + " -> " + next);
            }
            boolean keep = credentials && keepsCredentials(from, next);
            if (credentials && !keep) {
                LOG.debug("Redirect {} -> {} leaves the origin: dropping credentials", from, next);
            }
            credentials = keep;
            current = HttpRequest.newBuilder(current, (name, value) -> keep
                            || !CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
                    .uri(next)
                    .build();
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, BodyHandler<T> lastHop) throws IOException {
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, info -> isRedirect(info.statusCode())
                ? BodySubscribers.replacing(null)
                : lastHop.apply(info));
        try {
            return future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException(request.method() + " " + request.uri() + ": no complete response within "
                    + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted: " + request.method() + " " + request.uri());
            io.initCause(e);
            throw io;
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw unwrap(request, e);
        }
    }

    private static IOException unwrap(HttpRequest request, Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(request.method() + " " + request.uri() + " failed: " + cause, cause);
    }

    private static URI resolve(URI from, String location) throws RedirectException {
        try {
            return from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new RedirectException(from, from + " redirects to a malformed Location '" + location + "'");
        }
    }

    private static void checkScheme(URI from, URI to) throws RedirectException {
        String scheme = lower(to.getScheme());
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new RedirectException(from, from.equals(to)
                    ? "not an http(s) URI: " + to
                    : from + " redirects to " + to + ", which is not http(s)");
        }
        if (to.getHost() == null) {
            throw new RedirectException(from, "no host in " + to);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI normalize(URI uri) {
        URI n = uri.normalize();
        try {
            return new URI(lower(n.getScheme()), n.getUserInfo(), lower(n.getHost()), port(n), n.getPath(),
                    n.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            return n;
        }
    }

    private static String chain(Set<URI> visited) {
        return String.join(" -> ", visited.stream().map(URI::toString).toList());
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(lower(uri.getScheme())) ? 443 : 80;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    /** Reads at most {@code limit} bytes of a streamed body, e.g. a registry's error document; never more. */
    public static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }
}
