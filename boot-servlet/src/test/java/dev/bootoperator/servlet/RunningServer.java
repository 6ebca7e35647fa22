package dev.bootoperator.servlet;

import dev.bootoperator.boot.BootService;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty 12 (ee10) server on an ephemeral port with one {@link BootServlet}, and clients to call it. */
final class RunningServer implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Server server;
    private final int port;

    private RunningServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** The servlet mounted at {@code /*} of the root context. */
    static RunningServer start(BootService boot) throws Exception {
        return start(boot, "/", "/*");
    }

    static RunningServer start(BootService boot, String contextPath, String servletMapping) throws Exception {
        return start(new BootServlet(boot), contextPath, servletMapping);
    }

    static RunningServer start(HttpServlet servlet, String contextPath, String servletMapping) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        context.addServlet(new ServletHolder(servlet), servletMapping);
        server.setHandler(context);
        server.start();
        return new RunningServer(server, connector.getLocalPort());
    }

    /** A request for a path exactly as written (percent-encodings are sent as they are). */
    HttpResponse<String> send(String method, String rawPath, String... headerPairs) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headerPairs.length > 0) {
            request.headers(headerPairs);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The response body as bytes. */
    HttpResponse<byte[]> getBytes(String method, String rawPath, String... headerPairs) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headerPairs.length > 0) {
            request.headers(headerPairs);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    int port() {
        return port;
    }

    HttpResponse<String> get(String rawPath, String... headerPairs) throws Exception {
        return send("GET", rawPath, headerPairs);
    }

    /**
     * Sends {@code GET <rawPath> HTTP/1.1} over a plain socket, so that no client normalises the path, and
     * returns the whole response: status line, headers and body.
     */
    String rawGet(String rawPath) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the test server", e);
        }
    }
}
