package dev.bootoperator.jetty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the PEM certificate and key as Jetty's TLS context, and reloads them when either file changes
 * (checked every {@value #CHECK_SECONDS} s): new connections get the new certificate, open ones keep theirs. A
 * change that does not load (half-written, mismatched) is logged and the current certificate stays.
 */
final class TlsReloader implements AutoCloseable {
    static final long CHECK_SECONDS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

    private final Path certFile;
    private final Path keyFile;
    private final SslContextFactory.Server ssl;
    private final ScheduledExecutorService checker;
    private List<Object> lastSeen;

    TlsReloader(Path certFile, Path keyFile) throws IOException {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemKeyStore.load(certFile, keyFile));
        ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
        ssl.setKeyManagerPassword(PemKeyStore.PASSWORD);
        this.lastSeen = stamp();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-reload");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    SslContextFactory.Server sslContextFactory() {
        return ssl;
    }

    private List<Object> stamp() throws IOException {
        return List.of(Files.getLastModifiedTime(certFile), Files.size(certFile), Files.getLastModifiedTime(keyFile),
                Files.size(keyFile));
    }

    private void check() {
        try {
            List<Object> now = stamp();
            if (now.equals(lastSeen)) {
                return;
            }
            KeyStore store = PemKeyStore.load(certFile, keyFile);
            ssl.reload(factory -> factory.setKeyStore(store));
            lastSeen = now;
            LOG.info("TLS certificate reloaded from {}", certFile);
        } catch (Exception e) {
            LOG.warn("TLS certificate {} changed but does not load, keeping the current one: {}", certFile,
                    FlagChecks.describe(e));
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
