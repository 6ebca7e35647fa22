package dev.bootoperator.oci;

import dev.bootoperator.oci.http.AuthChallenge;
import dev.bootoperator.oci.http.HttpTransport;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How to authenticate to one repository: anonymously, with Basic credentials, or with a Bearer token. Starts
 * from the challenge of the registry's {@code GET /v2/} probe and follows the challenges of later 401s.
 */
final class AuthenticationFlow {
    private sealed interface Mode {
    }

    private record Anonymous() implements Mode {
    }

    private record Basic(String authorization) implements Mode {
    }

    private record Bearer(BearerTokenProvider tokens) implements Mode {
    }

    private final HttpTransport http;
    private final RegistryTarget target;
    private final Optional<RegistryCredentials> credentials;
    private final Clock clock;
    private final AtomicReference<Mode> mode = new AtomicReference<>(new Anonymous());

    AuthenticationFlow(HttpTransport http, RegistryTarget target, Optional<RegistryCredentials> credentials,
            List<AuthChallenge> probed, Clock clock) throws RegistryException {
        this.http = http;
        this.target = target;
        this.credentials = credentials;
        this.clock = clock;
        if (!probed.isEmpty() && !reauthenticate(probed)) {
            throw new RegistryAuthException(target.registry(), "registry " + target.registry()
                    + " asks for authentication we do not support (" + schemes(probed) + ") for image " + target.image());
        }
    }

    /** The {@code Authorization} header to send, if any. */
    Optional<String> authorization() throws RegistryException {
        Mode current = mode.get();
        if (current instanceof Basic basic) {
            return Optional.of(basic.authorization());
        }
        if (current instanceof Bearer bearer) {
            return Optional.of(bearer.tokens().authorization());
        }
        return Optional.empty();
    }

    /**
     * Adapts to the challenges of a 401. Returns whether another attempt may succeed: a new or refreshed
     * token, or credentials not yet sent; false when Basic credentials were already refused or nothing fits.
     *
     * @throws RegistryAuthException when the registry wants Basic credentials and we have none
     */
    boolean reauthenticate(List<AuthChallenge> challenges) throws RegistryException {
        Optional<AuthChallenge> bearer = challenges.stream().filter(c -> c.is("Bearer")).findFirst();
        if (bearer.isPresent()) {
            Optional<String> realm = bearer.get().param("realm");
            if (realm.isEmpty() || realm.get().isBlank()) {
                throw new RegistryAuthException(target.registry(), "registry " + target.registry()
                        + " sent a Bearer challenge without a realm for image " + target.image());
            }
            URI realmUri;
            try {
                realmUri = URI.create(realm.get().trim());
            } catch (IllegalArgumentException e) {
                throw new RegistryAuthException(target.registry(), "registry " + target.registry()
                        + " sent a malformed token realm '" + realm.get() + "' for image " + target.image(), e);
            }
            Optional<String> service = bearer.get().param("service");
            Mode current = mode.get();
            if (current instanceof Bearer b && b.tokens().realm().equals(realmUri) && b.tokens().service().equals(service)) {
                b.tokens().invalidate();
            } else {
                mode.set(new Bearer(new BearerTokenProvider(http, target, realmUri, service, credentials, clock)));
            }
            return true;
        }
        if (challenges.stream().anyMatch(c -> c.is("Basic"))) {
            if (mode.get() instanceof Basic) {
                return false;
            }
            if (credentials.isEmpty()) {
                throw new RegistryAuthException(target.registry(), "registry " + target.registry()
                        + " requires Basic credentials for image " + target.image()
                        + ", and --registry-config has none for it");
            }
            mode.set(new Basic(credentials.get().basicAuthorization()));
            return true;
        }
        return false;
    }

    /** What we authenticate with, for messages; never the secret. */
    String describe() {
        Mode current = mode.get();
        if (current instanceof Basic) {
            return "Basic as " + credentials.map(RegistryCredentials::username).orElse("?");
        }
        if (current instanceof Bearer b) {
            return "Bearer token from " + b.tokens().realm()
                    + credentials.map(c -> " as " + c.username()).orElse(", anonymous");
        }
        return "anonymous";
    }

    private static String schemes(List<AuthChallenge> challenges) {
        return String.join(", ", challenges.stream().map(AuthChallenge::scheme).toList());
    }
}
