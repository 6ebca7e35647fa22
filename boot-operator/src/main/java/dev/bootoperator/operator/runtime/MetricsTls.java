package dev.bootoperator.operator.runtime;

import dev.bootoperator.jetty.PemKeyStore;
import dev.bootoperator.operator.OperatorOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the metrics server, as controller-runtime's: the certificate and key from
 * {@code --metrics-cert-path} (re-read when either file changes, like its certwatcher: checked at most every
 * {@link #RELOAD_CHECK} on a handshake; a change that does not load is logged and the old pair stays), or a
 * self-signed certificate made at start.
 */
final class MetricsTls {
    static final Duration RELOAD_CHECK = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(MetricsTls.class);

    private MetricsTls() {
    }

    /** The server context for {@code serving}; throws naming the file when the given certificate does not load. */
    static SSLContext context(OperatorOptions.MetricsServing serving) throws IOException, GeneralSecurityException {
        KeyManager keyManager;
        if (serving.certDir().isPresent()) {
            Path cert = serving.certFile().orElseThrow();
            Path key = serving.keyFile().orElseThrow();
            try {
                keyManager = new ReloadingKeyManager(cert, key);
            } catch (IOException | GeneralSecurityException e) {
                throw new IOException("--metrics-cert-path: cannot load the certificate " + cert + " and key " + key
                        + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file " + e.getMessage()
                        : e.getMessage()), e);
            }
            LOG.info("metrics: serving HTTPS with {} and {} (re-read on change)", cert, key);
        } else {
            SelfSignedCertificate self = SelfSignedCertificate.generate("boot-operator-metrics",
                    List.of("localhost", InetAddress.getLocalHost().getHostName()),
                    List.of(new byte[] {127, 0, 0, 1}, InetAddress.getByName("::1").getAddress()), Duration.ofDays(365));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("boot", self.keyPair().getPrivate(), PemKeyStore.PASSWORD.toCharArray(),
                    new Certificate[] {self.certificate()});
            keyManager = keyManager(store);
            LOG.info("metrics: serving HTTPS with a self-signed certificate (no --metrics-cert-path); "
                    + "use a certificate of your own in production");
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, null, null);
        return context;
    }

    private static X509ExtendedKeyManager keyManager(KeyStore store) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PemKeyStore.PASSWORD.toCharArray());
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 key manager from " + factory.getAlgorithm());
    }

    /** Delegates to the key manager of the files' current content, re-read after they change. */
    static final class ReloadingKeyManager extends X509ExtendedKeyManager {
        private final Path cert;
        private final Path key;
        private final AtomicReference<Loaded> current = new AtomicReference<>();
        private final AtomicLong nextCheck = new AtomicLong();

        private record Loaded(X509ExtendedKeyManager manager, FileTime certTime, FileTime keyTime) {
        }

        ReloadingKeyManager(Path cert, Path key) throws IOException, GeneralSecurityException {
            this.cert = cert;
            this.key = key;
            current.set(load());
            nextCheck.set(System.nanoTime() + RELOAD_CHECK.toNanos());
        }

        private Loaded load() throws IOException, GeneralSecurityException {
            FileTime certTime = Files.getLastModifiedTime(cert);
            FileTime keyTime = Files.getLastModifiedTime(key);
            return new Loaded(keyManager(PemKeyStore.load(cert, key)), certTime, keyTime);
        }

        private X509ExtendedKeyManager manager() {
            long now = System.nanoTime();
            long due = nextCheck.get();
            if (now - due >= 0 && nextCheck.compareAndSet(due, now + RELOAD_CHECK.toNanos())) {
                Loaded loaded = current.get();
                try {
                    if (!Files.getLastModifiedTime(cert).equals(loaded.certTime())
                            || !Files.getLastModifiedTime(key).equals(loaded.keyTime())) {
                        current.set(load());
                        LOG.info("metrics: re-read the certificate {} and key {}", cert, key);
                    }
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    LOG.warn("metrics: the changed certificate {} / key {} does not load, keeping the old one: {}",
                            cert, key, e.getMessage());
                }
            }
            return current.get().manager();
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return manager().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return manager().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.get().manager().getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return current.get().manager().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return current.get().manager().getPrivateKey(alias);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
