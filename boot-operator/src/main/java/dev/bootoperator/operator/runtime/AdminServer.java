package dev.bootoperator.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bootoperator.jetty.ListenAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A small GET-only HTTP(S) listener for the probe and metrics ports, on the JDK's {@code com.sun.net.httpserver}:
 * these ports see a kubelet and a Prometheus scraper, not machines, so they need no Jetty, and they keep answering
 * while the boot servers' thread pool is saturated by a rack-wide reboot. A {@link Gate} may refuse a request
 * before its route runs (the metrics port's authentication and authorization).
 */
final class AdminServer implements AutoCloseable {
    /** What a route answers. */
    record Response(int status, String contentType, byte[] body) {
        static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Decides whether a request reaches its route; a refusal is the answer sent instead. */
    interface Gate {
        Gate OPEN = (method, path, authorization) -> Optional.empty();

        Optional<Response> refuse(String method, String path, Optional<String> authorization);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ListenAddress address;

    private AdminServer(HttpServer server, ExecutorService executor, ListenAddress address) {
        this.server = server;
        this.executor = executor;
        this.address = address;
    }

    /** Binds {@code address} and answers each path in {@code routes}; 404 elsewhere, 405 for other methods. */
    static AdminServer start(String name, ListenAddress address, Map<String, Supplier<Response>> routes) throws IOException {
        return start(name, address, Optional.empty(), Gate.OPEN, routes);
    }

    /** As above, over TLS when {@code tls} is given, and every request for a route first through {@code gate}. */
    static AdminServer start(String name, ListenAddress address, Optional<SSLContext> tls, Gate gate,
                             Map<String, Supplier<Response>> routes) throws IOException {
        HttpServer server;
        try {
            InetSocketAddress bind = address.host().isEmpty() ? new InetSocketAddress(address.port())
                    : new InetSocketAddress(address.host(), address.port());
            if (tls.isPresent()) {
                HttpsServer https = HttpsServer.create(bind, 16);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
                server = https;
            } else {
                server = HttpServer.create(bind, 16);
            }
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + " (" + name + "): " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, name + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                Supplier<Response> route = routes.get(exchange.getRequestURI().getPath());
                Response response;
                if (route == null) {
                    response = Response.text(404, "not found; try " + String.join(", ", routes.keySet().stream().sorted().toList()) + "\n");
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                    response = Response.text(405, "method not allowed\n");
                } else {
                    response = gate.refuse(method, exchange.getRequestURI().getPath(),
                            Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")))
                            .orElseGet(() -> answer(route));
                }
                send(exchange, response, method.equals("HEAD"));
            }
        });
        server.start();
        return new AdminServer(server, executor, address.withPort(server.getAddress().getPort()));
    }

    private static Response answer(Supplier<Response> route) {
        try {
            return route.get();
        } catch (RuntimeException e) {
            return Response.text(500, e.toString() + "\n");
        }
    }

    private static void send(HttpExchange exchange, Response response, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    /** The bound address (its port is the real one when port 0 was asked for). */
    ListenAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
