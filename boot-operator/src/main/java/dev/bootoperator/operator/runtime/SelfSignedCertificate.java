package dev.bootoperator.operator.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A self-signed certificate made in memory, as controller-runtime makes one for its metrics server when no
 * {@code --metrics-cert-path} is given: EC P-256, SHA256withECDSA, subject {@code CN=boot-operator-metrics}, DNS names
 * and IPs as subject alternative names.
 *
 * <p>Why our own DER: the JDK can sign but has no public API to build an X.509 certificate (keytool's
 * {@code sun.security.x509} classes are internal and closed by the module system), and BouncyCastle is no dependency
 * of the operator. A certificate is a handful of nested DER sequences, so the few lines below write exactly the
 * fields a TLS server certificate needs, and the JDK's {@link CertificateFactory} parses the result back, which
 * checks it.
 *
 * @param keyPair     the certificate's key pair
 * @param certificate the certificate, signed by its own key
 */
record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
    private static final byte[] OID_EC_WITH_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);
    private static final byte[] OID_COMMON_NAME = oid(2, 5, 4, 3);
    private static final byte[] OID_SUBJECT_ALT_NAME = oid(2, 5, 29, 17);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** A new key pair and a certificate for them, valid from a minute ago for {@code validity}. */
    static SelfSignedCertificate generate(String commonName, List<String> dnsNames, List<byte[]> ipAddresses,
                                          Duration validity) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] algorithm = seq(der(0x06, OID_EC_WITH_SHA256));
        byte[] name = seq(der(0x31, seq(der(0x06, OID_COMMON_NAME), der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        Instant now = Instant.now();
        byte[] validityField = seq(utcTime(now.minus(Duration.ofMinutes(1))), utcTime(now.plus(validity)));
        ByteArrayOutputStream altNames = new ByteArrayOutputStream();
        dnsNames.forEach(dns -> altNames.writeBytes(der(0x82, dns.getBytes(StandardCharsets.US_ASCII))));
        ipAddresses.forEach(ip -> altNames.writeBytes(der(0x87, ip)));
        byte[] extensions = der(0xa3, seq(seq(der(0x06, OID_SUBJECT_ALT_NAME), der(0x04, seq(altNames.toByteArray())))));
        byte[] serial = der(0x02, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        byte[] tbs = seq(der(0xa0, der(0x02, new byte[] {2})), serial, algorithm, name, validityField, name,
                keys.getPublic().getEncoded(), extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bitString = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bitString, 1, signature.length);
        byte[] certificate = seq(tbs, algorithm, der(0x03, bitString));
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        parsed.verify(keys.getPublic());
        return new SelfSignedCertificate(keys, parsed);
    }

    private static byte[] utcTime(Instant time) {
        return der(0x17, UTC_TIME.format(time).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return der(0x30, out.toByteArray());
    }

    /** A DER tag-length-value. */
    static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** The content octets of an OBJECT IDENTIFIER. */
    static byte[] oid(long... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((int) (arcs[0] * 40 + arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = arcs[i];
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return out.toByteArray();
    }
}
