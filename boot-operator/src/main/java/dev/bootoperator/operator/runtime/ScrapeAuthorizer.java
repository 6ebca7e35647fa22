package dev.bootoperator.operator.runtime;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What controller-runtime's {@code filters.WithAuthenticationAndAuthorization} does for {@code /metrics}: the bearer
 * token is authenticated with a TokenReview ({@code authentication.k8s.io/v1}), the user it names is authorized with
 * a SubjectAccessReview ({@code authorization.k8s.io/v1}) for the request's verb ({@code get}) on the
 * non-resource URL (its path). No or a rejected token: 401; denied: 403; the API server failing the review: 401
 * for authentication and 500 for authorization, as there.
 *
 * <p>Answers are cached as controller-runtime's delegating authenticator and authorizer cache them, so that a
 * Prometheus scraping every few seconds costs two API calls a minute at most: a token's review for
 * {@link #TOKEN_TTL} (keyed by its SHA-256, never the token itself), an allow for {@link #ALLOW_TTL}, a deny for
 * {@link #DENY_TTL}. Failed calls are not cached. Each cache holds at most {@link #MAX_ENTRIES} answers.
 */
final class ScrapeAuthorizer {
    static final Duration TOKEN_TTL = Duration.ofMinutes(1);
    static final Duration ALLOW_TTL = Duration.ofMinutes(5);
    static final Duration DENY_TTL = Duration.ofSeconds(30);
    static final int MAX_ENTRIES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeAuthorizer.class);

    /** The answer for one request: pass, or the status and one-line body to send. */
    sealed interface Decision permits Allowed, Refused {
    }

    record Allowed(String user) implements Decision {
    }

    record Refused(int status, String message) implements Decision {
    }

    private record Cached<T>(T value, long expiresAt) {
    }

    private record Access(String user, String verb, String path) {
    }

    private final KubernetesClient client;
    private final LongSupplier nanoTime;
    private final Map<String, Cached<Optional<UserInfo>>> tokens = new ConcurrentHashMap<>();
    private final Map<Access, Cached<Boolean>> decisions = new ConcurrentHashMap<>();

    ScrapeAuthorizer(KubernetesClient client) {
        this(client, System::nanoTime);
    }

    ScrapeAuthorizer(KubernetesClient client, LongSupplier nanoTime) {
        this.client = Objects.requireNonNull(client, "client");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Decides a request with this method, path and {@code Authorization} header (empty when absent). */
    Decision decide(String method, String path, Optional<String> authorization) {
        Optional<String> token = authorization.map(String::trim)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim()).filter(t -> !t.isEmpty());
        if (token.isEmpty()) {
            return new Refused(401, "Unauthorized");
        }
        Optional<UserInfo> user;
        try {
            user = authenticate(token.get());
        } catch (RuntimeException e) {
            LOG.warn("metrics: TokenReview failed: {}", e.getMessage());
            return new Refused(401, "Unauthorized");
        }
        if (user.isEmpty()) {
            return new Refused(401, "Unauthorized");
        }
        String name = user.get().getUsername();
        Access access = new Access(name, method.toLowerCase(Locale.ROOT), path);
        boolean allowed;
        try {
            allowed = authorize(access, user.get());
        } catch (RuntimeException e) {
            LOG.warn("metrics: SubjectAccessReview for user {} failed: {}", name, e.getMessage());
            return new Refused(500, "Authorization for user " + name + " failed");
        }
        return allowed ? new Allowed(name) : new Refused(403, "Authorization denied for user " + name);
    }

    private Optional<UserInfo> authenticate(String token) {
        String key = sha256(token);
        Cached<Optional<UserInfo>> hit = fresh(tokens, key);
        if (hit != null) {
            return hit.value();
        }
        TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build())
                .create();
        Optional<UserInfo> user = Optional.ofNullable(review.getStatus())
                .filter(s -> Boolean.TRUE.equals(s.getAuthenticated())).map(s -> s.getUser())
                .filter(u -> u.getUsername() != null && !u.getUsername().isEmpty());
        put(tokens, key, new Cached<>(user, nanoTime.getAsLong() + TOKEN_TTL.toNanos()));
        return user;
    }

    private boolean authorize(Access access, UserInfo user) {
        Cached<Boolean> hit = fresh(decisions, access);
        if (hit != null) {
            return hit.value();
        }
        SubjectAccessReview review = client.resource(new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(user.getUsername()).withGroups(user.getGroups()).withUid(user.getUid())
                .withExtra(user.getExtra())
                .withNewNonResourceAttributes().withVerb(access.verb()).withPath(access.path()).endNonResourceAttributes()
                .endSpec().build()).create();
        boolean allowed = review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
        put(decisions, access, new Cached<>(allowed, nanoTime.getAsLong() + (allowed ? ALLOW_TTL : DENY_TTL).toNanos()));
        return allowed;
    }

    private <K, V> Cached<V> fresh(Map<K, Cached<V>> cache, K key) {
        Cached<V> hit = cache.get(key);
        return hit != null && hit.expiresAt() - nanoTime.getAsLong() > 0 ? hit : null;
    }

    /** Stores an answer; a full cache first drops what expired, and everything if that is not enough. */
    private <K, V> void put(Map<K, Cached<V>> cache, K key, Cached<V> value) {
        if (cache.size() >= MAX_ENTRIES) {
            long now = nanoTime.getAsLong();
            cache.values().removeIf(c -> c.expiresAt() - now <= 0);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(key, value);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
