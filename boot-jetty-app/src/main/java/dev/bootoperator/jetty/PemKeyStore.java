package dev.bootoperator.jetty;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key store built from the PEM files a user has: a certificate chain ({@code --tls-cert-file}) and its private
 * key in PKCS#8 ({@code --tls-key-file}, {@code -----BEGIN PRIVATE KEY-----}, what {@code openssl req -newkey}
 * writes) or PKCS#1 RSA ({@code -----BEGIN RSA PRIVATE KEY-----}, cert-manager's default encoding). Other key
 * formats are refused with the command that converts them. The operator's metrics server uses it too.
 */
public final class PemKeyStore {
    /** The in-memory store's password; PKCS12 and Jetty both dislike an empty one. */
    public static final String PASSWORD = "boot-operator";
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    private PemKeyStore() {
    }

    /** A PKCS12 store (password {@link #PASSWORD}) holding the key under the alias {@code boot}. */
    public static KeyStore load(Path certFile, Path keyFile) throws IOException {
        List<Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(certFile, "CERTIFICATE")) {
                chain.add(x509.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + ": not a PEM certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(certFile + ": no -----BEGIN CERTIFICATE----- block");
        }
        List<byte[]> keys = blocks(keyFile, "PRIVATE KEY");
        if (keys.isEmpty()) {
            keys = blocks(keyFile, "RSA PRIVATE KEY").stream().map(PemKeyStore::pkcs8OfRsa).toList();
        }
        if (keys.size() != 1) {
            String text = Files.readString(keyFile, StandardCharsets.US_ASCII);
            if (text.contains("BEGIN EC PRIVATE KEY")) {
                throw new IOException(keyFile + ": the key is not PKCS#8; convert it with: openssl pkcs8 -topk8 -nocrypt -in "
                        + keyFile + " -out key.pem");
            }
            throw new IOException(keyFile + ": want exactly one -----BEGIN PRIVATE KEY----- block, found " + keys.size());
        }
        PrivateKey key = null;
        String publicAlgorithm = chain.get(0).getPublicKey().getAlgorithm();
        for (String algorithm : List.of(publicAlgorithm, "RSA", "EC", "Ed25519")) {
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
                break;
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        if (key == null) {
            throw new IOException(keyFile + ": cannot read the private key (" + publicAlgorithm + " certificate)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("boot", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + " and " + keyFile + " do not make a key store: " + e.getMessage(), e);
        }
    }

    /** PKCS#1 {@code RSAPrivateKey} wrapped as PKCS#8: SEQUENCE { 0, { rsaEncryption, NULL }, OCTET STRING }. */
    private static byte[] pkcs8OfRsa(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        byte[] key = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + key.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(key, 0, body, version.length + algorithm.length, key.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    private static List<byte[]> blocks(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": a " + type + " block is not base64", e);
                }
            }
        }
        return out;
    }
}
