package dev.bootoperator.oci;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bootoperator.oci.http.AuthChallenge;
import dev.bootoperator.oci.http.BodyTooLargeException;
import dev.bootoperator.oci.http.HttpTransport;
import dev.bootoperator.oci.http.RedirectException;
import dev.bootoperator.oci.json.ErrorResponseJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes the registry's HTTP calls for one image, with its {@link AuthenticationFlow}: sends the request,
 * re-authenticates on a 401 at most {@value #MAX_AUTH_RETRIES} times, and is the one place that turns statuses
 * and transport failures into {@link RegistryException}s.
 */
final class RegistryEndpointCaller {
    static final int MAX_AUTH_RETRIES = 2;
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpTransport http;
    private final RegistryTarget target;
    private final AuthenticationFlow auth;

    RegistryEndpointCaller(HttpTransport http, RegistryTarget target, AuthenticationFlow auth) {
        this.http = http;
        this.target = target;
        this.auth = auth;
    }

    RegistryTarget target() {
        return target;
    }

    /** {@code GET /v2/} without credentials: the challenges of a 401, or none when the registry lets anyone in. */
    static List<AuthChallenge> probe(HttpTransport http, RegistryTarget target) throws RegistryException {
        String what = "registry " + target.registry() + " (GET " + target.base() + ", for image " + target.image() + ")";
        HttpResponse<byte[]> response;
        try {
            response = http.read(HttpRequest.newBuilder(target.base()).GET().build(), MAX_ERROR_BODY_BYTES);
        } catch (IOException e) {
            throw transportFailure(target, what, target.base(), e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return List.of();
        }
        if (status == 401) {
            return AuthChallenge.parseAll(response.headers().allValues("WWW-Authenticate"));
        }
        if (status == 404) {
            throw new RegistryProtocolException(target.registry(), what + ": answered 404; not an OCI registry API");
        }
        throw statusFailure(target, what, status, response.headers(), response.body());
    }

    /** A GET whose body, at most {@code maxBytes}, is read into memory; only a 2xx response returns. */
    HttpResponse<byte[]> read(String what, String path, List<String> accept, int maxBytes) throws RegistryException {
        return call("GET", what, path, accept, request -> http.read(request, maxBytes), HttpResponse::body);
    }

    /** A HEAD; only a 2xx response returns. */
    HttpResponse<byte[]> head(String what, String path) throws RegistryException {
        return call("HEAD", what, path, List.of(), request -> http.read(request, MAX_ERROR_BODY_BYTES),
                HttpResponse::body);
    }

    /** A GET whose body streams; only a 2xx response returns, and the caller closes its body. */
    HttpResponse<InputStream> stream(String what, String path, List<String> accept) throws RegistryException {
        return call("GET", what, path, accept, http::stream, response -> {
            try (InputStream body = response.body()) {
                return HttpTransport.readAtMost(body, MAX_ERROR_BODY_BYTES);
            }
        });
    }

    private interface Exchange<T> {
        HttpResponse<T> send(HttpRequest request) throws IOException;
    }

    private interface ErrorBody<T> {
        byte[] read(HttpResponse<T> response) throws IOException;
    }

    private <T> HttpResponse<T> call(String method, String what, String path, List<String> accept, Exchange<T> exchange,
            ErrorBody<T> errorBody) throws RegistryException {
        URI uri = target.uri(path);
        for (int retries = 0; ; retries++) {
            Optional<String> authorization = auth.authorization();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
            if (!accept.isEmpty()) {
                request.header("Accept", String.join(", ", accept));
            }
            authorization.ifPresent(value -> request.header("Authorization", value));
            HttpResponse<T> response;
            byte[] body;
            try {
                response = exchange.send(request.build());
                if (response.statusCode() / 100 == 2) {
                    return response;
                }
                body = errorBody.read(response);
            } catch (IOException e) {
                throw transportFailure(target, what, uri, e);
            }
            if (response.statusCode() == 401) {
                List<AuthChallenge> challenges = AuthChallenge.parseAll(response.headers().allValues("WWW-Authenticate"));
                if (retries < MAX_AUTH_RETRIES && auth.reauthenticate(challenges)) {
                    continue;
                }
                throw new RegistryAuthException(target.registry(), what + ": 401 Unauthorized"
                        + (authorization.isPresent() ? " although we authenticated (" + auth.describe() + ")" : "")
                        + (retries > 0 ? " after " + retries + " re-authentication(s)" : "") + errors(body));
            }
            throw statusFailure(target, what, response.statusCode(), response.headers(), body);
        }
    }

    private static RegistryException statusFailure(RegistryTarget target, String what, int status, HttpHeaders headers,
            byte[] body) {
        String registry = target.registry();
        String errors = errors(body);
        if (status == 404) {
            return new ImageNotFoundException(registry, what + ": not found (404" + errors + ")");
        }
        if (status == 401 || status == 403) {
            return new RegistryAuthException(registry, what + ": access denied (" + status + errors + ")");
        }
        if (status == 429) {
            return new RegistryUnavailableException(registry, what + ": rate limited (429"
                    + headers.firstValue("Retry-After").map(s -> ", Retry-After " + s).orElse("") + errors + ")");
        }
        if (status >= 500) {
            return new RegistryUnavailableException(registry, what + ": registry failed with " + status + errors);
        }
        return new RegistryProtocolException(registry, what + ": unexpected status " + status + errors);
    }

    static RegistryException transportFailure(RegistryTarget target, String what, URI uri, IOException e) {
        String registry = target.registry();
        if (e instanceof RegistryException re) {
            return re;
        }
        if (e instanceof RedirectException || e instanceof BodyTooLargeException) {
            return new RegistryProtocolException(registry, what + ": " + e.getMessage(), e);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new RegistryUnavailableException(registry, what + ": connecting to " + hostOf(uri) + " timed out", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new RegistryUnavailableException(registry, what + ": timed out waiting for " + uri
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        if (e instanceof ConnectException) {
            String reason = hasCause(e, UnresolvedAddressException.class) || hasCause(e, java.net.UnknownHostException.class) ? "unknown host" : "connection refused or unreachable";
            return new RegistryUnavailableException(registry, what + ": cannot connect to " + hostOf(uri) + " ("
                    + reason + ")", e);
        }
        return new RegistryUnavailableException(registry, what + ": " + uri + ": " + describe(e), e);
    }

    /** {@code : MANIFEST_UNKNOWN manifest unknown} from a registry error document, or nothing. */
    static String errors(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            ErrorResponseJson json = JSON.readValue(body, ErrorResponseJson.class);
            if (json == null || json.errors() == null || json.errors().isEmpty()) {
                return "";
            }
            return ": " + json.errors().stream()
                    .map(e -> (e.code() == null ? "" : e.code()) + (e.message() == null ? "" : " " + e.message()))
                    .map(String::trim)
                    .collect(Collectors.joining("; "));
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String hostOf(URI uri) {
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
