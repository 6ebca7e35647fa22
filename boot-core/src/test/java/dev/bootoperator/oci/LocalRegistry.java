package dev.bootoperator.oci;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on a free loopback port, with storage in a temp directory:
 * anonymous, with htpasswd Basic auth, or with token auth against a {@link TokenServer}. Started in a few
 * hundred milliseconds; {@link #close()} stops it.
 *
 * <pre>{@code
 * try (LocalRegistry registry = LocalRegistry.anonymous(tempDir)) {
 *     layout.push(registry, "boot/os", "1.0");
 *     ImageReference ref = ImageReference.parse(registry.address() + "/boot/os:1.0");
 * }
 * }</pre>
 */
public final class LocalRegistry implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path dir;
    private final Process process;
    private final int port;
    private final Optional<RegistryCredentials> pushCredentials;

    private LocalRegistry(Path dir, Process process, int port, Optional<RegistryCredentials> pushCredentials) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.pushCredentials = pushCredentials;
    }

    /** No authentication. */
    public static LocalRegistry anonymous(Path dir) {
        return start(dir, "", Optional.empty());
    }

    /** Basic authentication: {@code auth: htpasswd} with a bcrypt entry from {@code htpasswd -Bbn}. */
    public static LocalRegistry htpasswd(Path dir, String user, String password) {
        String entry = DebianTools.exec(Duration.ofSeconds(30), List.of("htpasswd", "-Bbn", user, password)).trim();
        Path file = dir.resolve("htpasswd");
        write(file, entry + "\n");
        return start(dir, """
                auth:
                  htpasswd:
                    realm: boot-operator-test
                    path: %s
                """.formatted(file), Optional.of(new RegistryCredentials(user, password)));
    }

    /** Token authentication against {@code tokens}; pushes with {@code user:password}. */
    public static LocalRegistry token(Path dir, TokenServer tokens, String user, String password) {
        return start(dir, """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.certificateBundle()),
                Optional.of(new RegistryCredentials(user, password)));
    }

    private static LocalRegistry start(Path dir, String authYaml, Optional<RegistryCredentials> pushCredentials) {
        Path binary = DebianTools.require("docker-registry");
        String lastLog = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path config = dir.resolve("registry-" + port + ".yml");
            Path log = dir.resolve("registry-" + port + ".log");
            write(config, """
                    version: 0.1
                    log:
                      level: info
                      accesslog:
                        disabled: false
                    storage:
                      filesystem:
                        rootdirectory: %s
                      maintenance:
                        uploadpurging:
                          enabled: false
                    http:
                      addr: 127.0.0.1:%d
                      secret: boot-operator-test-secret
                    %s""".formatted(dir.resolve("storage"), port, authYaml));
            Process process;
            try {
                process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                return fail("cannot start " + binary + ": " + e, e);
            }
            LocalRegistry registry = new LocalRegistry(dir, process, port, pushCredentials);
            if (registry.awaitReady()) {
                return registry;
            }
            registry.close();
            lastLog = read(log);
        }
        return fail("docker-registry did not answer GET /v2/ within " + STARTUP + ":\n" + DebianTools.tail(lastLog));
    }

    private boolean awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200 || status == 401) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Credentials that may push, for the auth variants. */
    public Optional<RegistryCredentials> pushCredentials() {
        return pushCredentials;
    }

    /** The registry's log, with one access-log line per request. */
    public String log() {
        return read(dir.resolve("registry-" + port + ".log"));
    }

    /** How many requests the access log shows for {@code method} on paths starting with {@code /v2/<pathPrefix>}. */
    public long requests(String method, String pathPrefix) {
        String needle = "\"" + method + " /v2/" + pathPrefix;
        return log().lines().filter(line -> line.contains(needle)).count();
    }

    /** How many {@code GET}s of this blob the registry has answered. */
    public long blobGets(String repository, Digest digest) {
        return requests("GET", repository + "/blobs/" + digest);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
