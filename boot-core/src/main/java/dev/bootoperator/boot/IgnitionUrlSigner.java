package dev.bootoperator.boot;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the Ignition URL the iPXE script hands a machine, and checks it when the machine fetches its Ignition:
 * {@code /ignition/{uuid}?exp=<unix seconds>&sig=<hex HMAC-SHA256 over "uuid\nexp">}, the UUID in lower case.
 * Only the boot server that rendered the script can make a URL that is accepted, only for that machine, and only
 * until it expires.
 *
 * <pre>{@code
 * IgnitionUrlSigner signer = new IgnitionUrlSigner(Files.readAllBytes(keyFile), Duration.ofHours(1), Clock.systemUTC());
 * String query = signer.query(uuid);               // "?exp=1764211200&sig=9f2c..."
 * Optional<String> problem = signer.check(uuid, request.rawQuery());
 * }</pre>
 */
public final class IgnitionUrlSigner {
    /** Shorter keys are refused. */
    public static final int MIN_KEY_BYTES = 16;

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    public IgnitionUrlSigner(byte[] key, Duration ttl, Clock clock) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the signing key has " + key.length + " bytes; at least " + MIN_KEY_BYTES
                    + " are needed");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the URL lifetime must be positive, was " + ttl);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The query to append to {@code /ignition/{uuid}}: {@code ?exp=…&sig=…}. */
    public String query(String uuid) {
        long exp = clock.instant().plus(ttl).getEpochSecond();
        return "?exp=" + exp + "&sig=" + sign(uuid, exp);
    }

    /** Empty when {@code rawQuery} carries a valid, unexpired signature for {@code uuid}; otherwise the reason. */
    public Optional<String> check(String uuid, String rawQuery) {
        String exp = null;
        String sig = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("exp=") && exp == null) {
                exp = pair.substring(4);
            } else if (pair.startsWith("sig=") && sig == null) {
                sig = pair.substring(4);
            }
        }
        if (exp == null || sig == null) {
            return Optional.of("the Ignition URL is not signed (exp and sig are required)");
        }
        long expires;
        try {
            if (exp.isEmpty() || exp.length() > 12 || !exp.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException(exp);
            }
            expires = Long.parseLong(exp);
        } catch (NumberFormatException e) {
            return Optional.of("the Ignition URL's exp is not a time");
        }
        byte[] expected = sign(uuid, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the Ignition URL's signature is not valid for this machine");
        }
        if (clock.instant().getEpochSecond() > expires) {
            return Optional.of("the Ignition URL expired at " + java.time.Instant.ofEpochSecond(expires));
        }
        return Optional.empty();
    }

    public Duration ttl() {
        return ttl;
    }

    private String sign(String uuid, long exp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sig = mac.doFinal((uuid.toLowerCase(Locale.ROOT) + "\n" + exp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sig);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
