package dev.bootoperator.oci;

import com.fasterxml.jackson.core.JacksonException;
import dev.bootoperator.oci.http.HttpTransport;
import dev.bootoperator.oci.json.TokenResponseJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pull token for one repository from the registry's token endpoint (the {@code realm} of its Bearer
 * challenge): {@code GET realm?service=…&scope=repository:NAME:pull}, with Basic credentials when we have them.
 * The token is kept until shortly before {@code expires_in} (60 s when absent) runs out, or until
 * {@link #invalidate()} after a 401. Every failure is a {@link RegistryAuthException}.
 */
final class BearerTokenProvider {
    static final int MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MAX_SKEW = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenProvider.class);

    private record Token(String value, Instant renewAt) {
    }

    private final HttpTransport http;
    private final RegistryTarget target;
    private final URI realm;
    private final Optional<String> service;
    private final String scope;
    private final Optional<RegistryCredentials> credentials;
    private final Clock clock;
    private final AtomicReference<Token> token = new AtomicReference<>();

    BearerTokenProvider(HttpTransport http, RegistryTarget target, URI realm, Optional<String> service,
            Optional<RegistryCredentials> credentials, Clock clock) {
        this.http = http;
        this.target = target;
        this.realm = realm;
        this.service = service;
        this.scope = "repository:" + target.repository() + ":pull";
        this.credentials = credentials;
        this.clock = clock;
    }

    URI realm() {
        return realm;
    }

    Optional<String> service() {
        return service;
    }

    /** {@code Bearer <token>}, fetching a token when there is none or it is about to expire. */
    String authorization() throws RegistryAuthException {
        Token current = token.get();
        if (current == null || !clock.instant().isBefore(current.renewAt())) {
            current = renew(current);
        }
        return "Bearer " + current.value();
    }

    /** Forgets the token, so the next {@link #authorization()} fetches a new one. */
    void invalidate() {
        token.set(null);
    }

    private synchronized Token renew(Token stale) throws RegistryAuthException {
        Token current = token.get();
        if (current != null && current != stale && clock.instant().isBefore(current.renewAt())) {
            return current; // another thread renewed it meanwhile
        }
        Token fresh = fetch();
        token.set(fresh);
        return fresh;
    }

    private Token fetch() throws RegistryAuthException {
        URI uri = tokenUri();
        String what = "token for " + scope + " of " + target.registry() + " (image " + target.image() + ") from "
                + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
        boolean sendCredentials = credentials.isPresent()
                && ("https".equalsIgnoreCase(realm.getScheme()) || "http".equals(target.base().getScheme()));
        if (credentials.isPresent() && !sendCredentials) {
            LOG.warn("Not sending the credentials for {} to its plain-http token realm {}; asking anonymously",
                    target.registry(), realm);
        }
        if (sendCredentials) {
            request.header("Authorization", credentials.get().basicAuthorization());
        }
        Instant requested = clock.instant();
        HttpResponse<byte[]> response;
        try {
            response = http.read(request.build(), MAX_TOKEN_RESPONSE_BYTES);
        } catch (IOException e) {
            throw new RegistryAuthException(target.registry(), what + ": token endpoint failed: "
                    + RegistryEndpointCaller.describe(e), e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new RegistryAuthException(target.registry(), what + ": token endpoint answered " + status
                    + (status == 401 || status == 403
                            ? (sendCredentials ? " (credentials for " + credentials.get().username() + " refused)"
                                    : " (no credentials configured for " + target.registry() + ")")
                            : "")
                    + RegistryEndpointCaller.errors(response.body()));
        }
        TokenResponseJson json;
        try {
            json = RegistryEndpointCaller.JSON.readValue(response.body(), TokenResponseJson.class);
        } catch (JacksonException e) {
            throw new RegistryAuthException(target.registry(), what + ": token response is not JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RegistryAuthException(target.registry(), what + ": " + RegistryEndpointCaller.describe(e), e);
        }
        String value = json == null ? null : firstNonBlank(json.token(), json.accessToken());
        if (value == null) {
            throw new RegistryAuthException(target.registry(), what + ": token response has neither token nor access_token");
        }
        Duration lifetime = json.expiresIn() == null || json.expiresIn() <= 0
                ? DEFAULT_LIFETIME
                : Duration.ofSeconds(json.expiresIn());
        Duration skew = lifetime.dividedBy(10).compareTo(MAX_SKEW) < 0 ? lifetime.dividedBy(10) : MAX_SKEW;
        LOG.debug("Fetched {} valid for {}", what, lifetime);
        return new Token(value, requested.plus(lifetime).minus(skew));
    }

    private URI tokenUri() {
        StringBuilder query = new StringBuilder();
        service.ifPresent(s -> query.append("service=").append(encode(s)).append('&'));
        query.append("scope=").append(encode(scope));
        String base = realm.toString();
        return URI.create(base + (realm.getRawQuery() == null ? "?" : "&") + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
