package dev.bootoperator.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A token server for {@code docker-registry}'s {@code auth: token}: answers {@code GET /token?service=…&scope=…}
 * with an RS256 JWT whose header carries our self-signed certificate ({@code x5c}); the registry trusts that
 * certificate through {@link #certificateBundle()}. Users authenticate with Basic; anonymous callers get pull
 * access only when {@code anonymousPull}.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "boot-operator-test-registry";
    static final String ISSUER = "boot-operator-test-issuer";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Path certificateBundle;
    private final PrivateKey key;
    private final String x5c;
    private final String user;
    private final String password;
    private final boolean anonymousPull;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> scopes = new CopyOnWriteArrayList<>();
    private volatile long expiresIn = 300;

    private TokenServer(Path dir, String user, String password, boolean anonymousPull) throws Exception {
        this.user = user;
        this.password = password;
        this.anonymousPull = anonymousPull;
        Path keyPem = dir.resolve("token-key.pem");
        certificateBundle = dir.resolve("token-cert.pem");
        DebianTools.exec(Duration.ofSeconds(60), List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", keyPem.toString(), "-out", certificateBundle.toString(), "-days", "2",
                "-subj", "/CN=" + ISSUER));
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyPem, "PRIVATE KEY")));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificateBundle)));
        x5c = Base64.getEncoder().encodeToString(cert.getEncoded());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    /** Users {@code user:password}; anonymous callers may pull when {@code anonymousPull}. */
    static TokenServer start(Path dir, String user, String password, boolean anonymousPull) {
        try {
            return new TokenServer(dir, user, password, anonymousPull);
        } catch (Exception e) {
            throw new IllegalStateException("token server: " + e, e);
        }
    }

    URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    Path certificateBundle() {
        return certificateBundle;
    }

    /** The {@code expires_in} of the next tokens. */
    void expiresIn(long seconds) {
        expiresIn = seconds;
    }

    /** One entry per token request: its Authorization header, or "" when it had none. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    List<String> scopes() {
        return List.copyOf(scopes);
    }

    void reset() {
        authorizations.clear();
        scopes.clear();
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
            authorizations.add(authorization);
            Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
            List<String> requested = query.getOrDefault("scope", List.of());
            scopes.addAll(requested);
            String subject = "";
            if (!authorization.isEmpty()) {
                String expected = "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!authorization.equals(expected)) {
                    send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
                    return;
                }
                subject = user;
            } else if (!anonymousPull) {
                send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"credentials required\"}]}");
                return;
            }
            List<Map<String, Object>> access = new ArrayList<>();
            for (String scope : requested) {
                String[] parts = scope.split(":");
                if (parts.length != 3 || !parts[0].equals("repository")) {
                    continue;
                }
                List<String> actions = List.of(parts[2].split(","));
                if (subject.isEmpty()) {
                    actions = actions.stream().filter("pull"::equals).toList();
                }
                access.add(Map.of("type", "repository", "name", parts[1], "actions", actions));
            }
            String token = jwt(subject, access);
            send(exchange, 200, JSON.writeValueAsString(Map.of("token", token, "expires_in", expiresIn,
                    "issued_at", Instant.now().toString())));
        }
    }

    private String jwt(String subject, List<Map<String, Object>> access) throws IOException {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", List.of(x5c));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 600);
        claims.put("nbf", now - 60);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rs256.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static byte[] pem(Path file, String type) throws IOException {
        String text = Files.readString(file);
        int begin = text.indexOf("-----BEGIN " + type + "-----");
        int end = text.indexOf("-----END " + type + "-----");
        if (begin < 0 || end < 0) {
            throw new UncheckedIOException(new IOException(file + " has no " + type));
        }
        String body = text.substring(begin + ("-----BEGIN " + type + "-----").length(), end);
        return Base64.getMimeDecoder().decode(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
