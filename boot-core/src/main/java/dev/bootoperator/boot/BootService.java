package dev.bootoperator.boot;

import dev.bootoperator.config.BootResource;
import dev.bootoperator.config.HttpBootConfig;
import dev.bootoperator.config.IpxeBootConfig;
import dev.bootoperator.config.NetworkIdentifiers;
import dev.bootoperator.config.ObjectKey;
import dev.bootoperator.config.Secret;
import dev.bootoperator.event.BootEvent;
import dev.bootoperator.event.BootEventListener;
import dev.bootoperator.ignition.ButaneOptions;
import dev.bootoperator.ignition.ButaneWarning;
import dev.bootoperator.ignition.IgnitionRenderer;
import dev.bootoperator.ipxe.IpxeScripts;
import dev.bootoperator.store.BootConfigStore;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot server's decisions, as a plain function from {@link BootRequest} to {@link BootResponse}.
 * Endpoints, as upstream:
 * <ul>
 *   <li>{@code GET /ipxe}, {@code /ipxe/}: the chain script; {@code GET /ipxe/{uuid}}: the machine's boot
 *       script, or its custom script from {@code ipxeScriptSecretRef}. 503 when no iPXE service URL is set.</li>
 *   <li>{@code GET /httpboot}: JSON {@code {"ClientIPs","UKIURL","SystemUUID"}} for the first client IP or MAC
 *       that matches an HTTPBootConfig, otherwise the default UKI.</li>
 *   <li>{@code GET /ignition/{uuid}}: the machine's Ignition, Butane translated when {@code format: fcos}.</li>
 *   <li>{@code GET /healthz}, {@code /readyz}.</li>
 * </ul>
 * No match answers 404, a fault of ours 500, a bad request 400, another method 405.
 *
 * <pre>{@code
 * BootService boot = BootService.builder(store)
 *     .ipxeServiceUrl("http://10.0.0.1:8082")
 *     .defaultUkiUrl("http://10.0.0.1:8083/httpboot/gardenlinux/sha256-....efi")
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * BootResponse r = boot.handle(BootRequest.get("/ipxe/4c4c4544-0042", "10.0.0.5"));
 * }</pre>
 */
public final class BootService {
    /** The longest machine UUID accepted in a path. */
    public static final int MAX_UUID_LENGTH = 128;
    private static final Logger LOG = LoggerFactory.getLogger(BootService.class);
    private static final String IPXE_CONTENT_TYPE = "text/plain; charset=utf-8";

    private final BootConfigStore store;
    private final Optional<String> ipxeServiceUrl;
    private final Supplier<Optional<String>> defaultUkiUrl;
    private final IpxeScripts scripts;
    private final ConfigSelector selector;
    private final BootEventListener listener;
    private final IgnitionRenderer ignition;
    private final byte[] chainScript;
    private final TrustedProxies trustedProxies;
    private final boolean ignitionSourceCheck;
    private final Optional<IgnitionUrlSigner> ignitionUrlSigner;
    private final IgnitionRenderer.WarningReporter butaneWarnings = this::reportButaneWarnings;

    private BootService(Builder b) {
        this.store = b.store;
        this.ipxeServiceUrl = b.ipxeServiceUrl.map(BootService::stripTrailingSlash);
        this.defaultUkiUrl = b.defaultUkiUrl;
        this.scripts = b.scripts;
        this.selector = b.selector;
        this.listener = BootEventListener.all(b.listeners);
        this.ignition = b.ignition;
        this.chainScript = ipxeServiceUrl.map(u -> scripts.chainScript(u).getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.trustedProxies = b.trustedProxies;
        this.ignitionSourceCheck = b.ignitionSourceCheck;
        this.ignitionUrlSigner = b.ignitionUrlSigner;
    }

    /** Who may speak for clients with {@code X-Forwarded-For}. */
    public TrustedProxies trustedProxies() {
        return trustedProxies;
    }

    public static Builder builder(BootConfigStore store) {
        return new Builder(store);
    }

    /** The iPXE service URL machines are pointed at, if iPXE is enabled. */
    public Optional<String> ipxeServiceUrl() {
        return ipxeServiceUrl;
    }

    /** Answers one request. Never throws: an unexpected failure becomes a 500 without internals. */
    public BootResponse handle(BootRequest request) {
        long start = System.nanoTime();
        Route route = Route.of(request.rawPath());
        BootResponse response;
        try {
            response = dispatch(route, request);
        } catch (RuntimeException e) {
            LOG.error("{} {} from {}: internal error", request.method(), request.rawPath(), request.remoteAddress(), e);
            response = BootResponse.text(500, "internal error while serving " + route.endpoint);
        }
        listener.onEvent(new BootEvent.RequestCompleted(route.endpoint, response.status(),
                BootEvent.RequestCompleted.outcomeOf(response.status()), Duration.ofNanos(System.nanoTime() - start)));
        return response;
    }

    private BootResponse dispatch(Route route, BootRequest request) {
        if (route.kind == RouteKind.BAD_PATH) {
            return BootResponse.text(400, "bad request path: " + route.reason);
        }
        if (route.kind == RouteKind.UNKNOWN) {
            return BootResponse.text(404, "not found: " + truncate(request.rawPath()));
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return BootResponse.text(405, "method " + truncate(request.method()) + " not allowed on " + route.endpoint
                    + "; use GET").withHeader("Allow", "GET, HEAD");
        }
        return switch (route.kind) {
            case IPXE_CHAIN -> chain();
            case IPXE_SCRIPT -> ipxeScript(route.argument, request);
            case HTTPBOOT -> httpBoot(request);
            case IGNITION -> ignition(route.argument, request);
            case HEALTHZ -> BootResponse.text(200, "ok");
            case READYZ -> store.ready() ? BootResponse.text(200, "ok") : BootResponse.text(503, "config store is not ready");
            default -> throw new IllegalStateException(route.kind.name());
        };
    }

    private BootResponse chain() {
        if (chainScript == null) {
            return BootResponse.text(503, "iPXE is disabled: no iPXE service URL is configured");
        }
        return BootResponse.ok(IPXE_CONTENT_TYPE, chainScript);
    }

    private BootResponse ipxeScript(String uuid, BootRequest request) {
        if (ipxeServiceUrl.isEmpty()) {
            return BootResponse.text(503, "iPXE is disabled: no iPXE service URL is configured");
        }
        Selection<IpxeBootConfig> selection = selector.select(uuid, store.ipxeConfigsBySystemUuid(uuid));
        if (selection instanceof Selection.NoMatch<IpxeBootConfig>) {
            return BootResponse.text(404, "no IPXEBootConfig for machine " + uuid);
        }
        if (selection instanceof Selection.Failed<IpxeBootConfig> f) {
            return BootResponse.text(500, "machine " + uuid + ": " + f.reason());
        }
        IpxeBootConfig config = ((Selection.Selected<IpxeBootConfig>) selection).config();
        BootResponse response;
        if (config.ipxeScriptSecretName().isPresent()) {
            ObjectKey secretKey = config.key().sibling(config.ipxeScriptSecretName().get());
            Optional<Secret> secret = store.secret(secretKey);
            if (secret.isEmpty()) {
                return BootResponse.text(404, "machine " + uuid + ": secret " + secretKey
                        + " named by ipxeScriptSecretRef of IPXEBootConfig " + config.key() + " not found");
            }
            Optional<byte[]> script = secret.get().value(Secret.IPXE_SCRIPT_KEY);
            if (script.isEmpty()) {
                return BootResponse.text(404, "machine " + uuid + ": secret " + secretKey + " has no '"
                        + Secret.IPXE_SCRIPT_KEY + "' key");
            }
            response = BootResponse.ok(IPXE_CONTENT_TYPE, script.get());
        } else {
            String ignitionQuery = ignitionUrlSigner.map(signer -> signer.query(uuid)).orElse("");
            response = BootResponse.ok(IPXE_CONTENT_TYPE,
                    scripts.bootScript(config, ipxeServiceUrl.get(), ignitionQuery).getBytes(StandardCharsets.UTF_8));
        }
        listener.onEvent(new BootEvent.IpxeScriptFetched(config.key(), uuid, request.remoteAddress()));
        return response;
    }

    private BootResponse httpBoot(BootRequest request) {
        List<String> clients = trustedProxies.clientAddresses(request);
        String joined = String.join(",", clients);
        for (String client : clients) {
            Selection<HttpBootConfig> selection = selector.select(client, store.httpConfigsByNetworkIdentifier(client));
            if (selection instanceof Selection.Failed<HttpBootConfig> f) {
                return BootResponse.text(500, "client " + client + ": " + f.reason());
            }
            if (selection instanceof Selection.Selected<HttpBootConfig> s) {
                HttpBootConfig config = s.config();
                String uki = config.ukiUrl().orElse("");
                listener.onEvent(new BootEvent.HttpBootServed(Optional.of(config.key()), joined, uki));
                return BootResponse.ok(BootResponse.JSON, HttpBootJson.of(joined, uki, Optional.of(config.systemUuid())));
            }
        }
        Optional<String> fallback;
        try {
            fallback = defaultUkiUrl.get();
        } catch (UncheckedIOException e) {
            LOG.warn("HTTP boot for {}: {}", joined, e.getMessage());
            return BootResponse.text(502, "no HTTPBootConfig matches " + joined + ", and the default UKI is unavailable: "
                    + e.getMessage());
        }
        if (fallback.isEmpty()) {
            return BootResponse.text(500, "HTTP boot is not configured (missing default UKI); no HTTPBootConfig matches "
                    + joined);
        }
        listener.onEvent(new BootEvent.HttpBootServed(Optional.empty(), joined, fallback.get()));
        return BootResponse.ok(BootResponse.JSON, HttpBootJson.of(joined, fallback.get(), Optional.empty()));
    }

    private BootResponse ignition(String uuid, BootRequest request) {
        String client = trustedProxies.clientAddresses(request).get(0);
        if (ignitionUrlSigner.isPresent()) {
            Optional<String> problem = ignitionUrlSigner.get().check(uuid, request.rawQuery());
            if (problem.isPresent()) {
                return denied(uuid, client, problem.get());
            }
        }
        BootResource config;
        Optional<String> secretName;
        Selection<IpxeBootConfig> ipxe = selector.select(uuid, store.ipxeConfigsBySystemUuid(uuid));
        if (ipxe instanceof Selection.Failed<IpxeBootConfig> f) {
            return BootResponse.text(500, "machine " + uuid + ": " + f.reason());
        }
        if (ipxe instanceof Selection.Selected<IpxeBootConfig> s) {
            config = s.config();
            secretName = s.config().ignitionSecretName();
        } else {
            Selection<HttpBootConfig> http = selector.select(uuid, store.httpConfigsBySystemUuid(uuid));
            if (http instanceof Selection.Failed<HttpBootConfig> f) {
                return BootResponse.text(500, "machine " + uuid + ": " + f.reason());
            }
            if (!(http instanceof Selection.Selected<HttpBootConfig> s)) {
                return BootResponse.text(404, "no IPXEBootConfig or HTTPBootConfig for machine " + uuid);
            }
            config = s.config();
            secretName = s.config().ignitionSecretName();
        }
        String what = config.kind() + " " + config.key();
        if (ignitionSourceCheck && !knownAddresses(config).contains(NetworkIdentifiers.canonical(client))) {
            return denied(uuid, client, "client " + client + " is not one of the addresses of " + what);
        }
        if (secretName.isEmpty()) {
            return BootResponse.text(404, "machine " + uuid + ": " + what + " has no ignitionSecretRef");
        }
        ObjectKey secretKey = config.key().sibling(secretName.get());
        Optional<Secret> secret = store.secret(secretKey);
        if (secret.isEmpty()) {
            return BootResponse.text(404, "machine " + uuid + ": Ignition secret " + secretKey + " referenced by "
                    + what + " not found");
        }
        IgnitionRenderer.Rendered rendered = ignition.render(secret.get(), config, uuid, butaneWarnings);
        if (rendered instanceof IgnitionRenderer.Rendered.MissingKey) {
            return BootResponse.text(404, "machine " + uuid + ": secret " + secretKey + " has no '"
                    + Secret.IGNITION_KEY + "' key");
        }
        if (rendered instanceof IgnitionRenderer.Rendered.Invalid invalid) {
            LOG.warn("machine {}: Butane in secret {} does not translate: {}", uuid, secretKey, invalid.error().getMessage());
            return BootResponse.text(500, "machine " + uuid + ": Butane in secret " + secretKey
                    + " does not translate: " + invalid.error().getMessage());
        }
        IgnitionRenderer.Rendered.Ignition ok = (IgnitionRenderer.Rendered.Ignition) rendered;
        listener.onEvent(new BootEvent.IgnitionDataFetched(config.kind(), config.key(), uuid, request.remoteAddress()));
        return BootResponse.ok(BootResponse.JSON, ok.json());
    }

    /** Logs and reports butane's warnings; called once per translation (see {@link IgnitionRenderer}). */
    private void reportButaneWarnings(Secret secret, BootResource config, String uuid, List<ButaneWarning> warnings) {
        for (ButaneWarning w : warnings) {
            LOG.warn("machine {}: Butane in secret {} translated with a warning at {}: {}", uuid, secret.key(),
                    w.path().isEmpty() ? "(document)" : w.path(), w.message());
        }
        listener.onEvent(new BootEvent.ButaneWarned(config.kind(), config.key(), uuid, secret.key(), warnings));
    }

    private BootResponse denied(String uuid, String client, String reason) {
        listener.onEvent(new BootEvent.IgnitionDenied(uuid, client, reason));
        return BootResponse.text(403, "machine " + uuid + ": " + reason);
    }

    private static Set<String> knownAddresses(BootResource config) {
        List<String> addresses = config instanceof IpxeBootConfig ipxe ? ipxe.systemIps()
                : config instanceof HttpBootConfig http ? http.networkIdentifiers() : List.of();
        Set<String> canonical = new HashSet<>();
        addresses.forEach(a -> canonical.add(NetworkIdentifiers.canonical(a)));
        return canonical;
    }

    private static String stripTrailingSlash(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    static String truncate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private enum RouteKind { IPXE_CHAIN, IPXE_SCRIPT, HTTPBOOT, IGNITION, HEALTHZ, READYZ, UNKNOWN, BAD_PATH }

    /** The endpoint a raw path addresses, validated before anything is looked up. */
    private record Route(RouteKind kind, String endpoint, String argument, String reason) {
        static Route of(String rawPath) {
            String lower = rawPath.toLowerCase(Locale.ROOT);
            if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || rawPath.contains("\\")) {
                return bad("encoded slashes, backslashes and NUL are not allowed");
            }
            for (String segment : rawPath.split("/", -1)) {
                String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
                if (s.equals("..") || s.equals(".")) {
                    return bad("'.' and '..' segments are not allowed");
                }
            }
            if (rawPath.equals("/ipxe") || rawPath.equals("/ipxe/")) {
                return new Route(RouteKind.IPXE_CHAIN, "ipxe-chain", "", "");
            }
            if (rawPath.startsWith("/ipxe/")) {
                return machine(RouteKind.IPXE_SCRIPT, "ipxe-script", rawPath.substring("/ipxe/".length()));
            }
            if (rawPath.equals("/httpboot") || rawPath.equals("/httpboot/")) {
                return new Route(RouteKind.HTTPBOOT, "httpboot", "", "");
            }
            if (rawPath.equals("/ignition") || rawPath.startsWith("/ignition/")) {
                return machine(RouteKind.IGNITION, "ignition",
                        rawPath.length() > "/ignition/".length() ? rawPath.substring("/ignition/".length()) : "");
            }
            if (rawPath.equals("/healthz")) {
                return new Route(RouteKind.HEALTHZ, "health", "", "");
            }
            if (rawPath.equals("/readyz")) {
                return new Route(RouteKind.READYZ, "health", "", "");
            }
            return new Route(RouteKind.UNKNOWN, "unknown", "", "");
        }

        private static Route machine(RouteKind kind, String endpoint, String uuid) {
            if (uuid.isEmpty()) {
                return new Route(RouteKind.BAD_PATH, endpoint, "", "a machine UUID is required: /" + endpoint.split("-")[0] + "/{uuid}");
            }
            if (uuid.length() > MAX_UUID_LENGTH) {
                return new Route(RouteKind.BAD_PATH, endpoint, "", "machine UUID longer than " + MAX_UUID_LENGTH + " characters");
            }
            if (uuid.contains("/") || uuid.contains("%")) {
                return new Route(RouteKind.BAD_PATH, endpoint, "", "a machine UUID is one path segment of letters, digits and '-'");
            }
            return new Route(kind, endpoint, uuid, "");
        }

        private static Route bad(String reason) {
            return new Route(RouteKind.BAD_PATH, "unknown", "", reason);
        }
    }

    /** Configures a {@link BootService}. */
    public static final class Builder {
        private final BootConfigStore store;
        private Optional<String> ipxeServiceUrl = Optional.empty();
        private Supplier<Optional<String>> defaultUkiUrl = Optional::empty;
        private IpxeScripts scripts;
        private ConfigSelector selector = ConfigSelector.FIRST;
        private final List<BootEventListener> listeners = new ArrayList<>();
        private IgnitionRenderer ignition;
        private boolean butaneStrict;
        private TrustedProxies trustedProxies = TrustedProxies.everyone();
        private boolean ignitionSourceCheck;
        private Optional<IgnitionUrlSigner> ignitionUrlSigner = Optional.empty();

        private Builder(BootConfigStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The URL machines reach this boot server at; without it, every {@code /ipxe} path answers 503. */
        public Builder ipxeServiceUrl(String url) {
            this.ipxeServiceUrl = Optional.ofNullable(url).filter(u -> !u.isBlank());
            return this;
        }

        /** The UKI URL for HTTP-boot clients no HTTPBootConfig matches. */
        public Builder defaultUkiUrl(String url) {
            Optional<String> v = Optional.ofNullable(url).filter(u -> !u.isBlank());
            this.defaultUkiUrl = () -> v;
            return this;
        }

        /**
         * A source of the default UKI URL that may change over time, e.g. resolved from an OCI image
         * ({@code ImageProxy#defaultUki}). It may throw {@link UncheckedIOException} when it cannot answer now;
         * {@code /httpboot} then answers 502 with its message.
         */
        public Builder defaultUkiUrl(Supplier<Optional<String>> source) {
            this.defaultUkiUrl = Objects.requireNonNull(source);
            return this;
        }

        /** The iPXE templates; the shipped ones by default. */
        public Builder ipxeScripts(IpxeScripts scripts) {
            this.scripts = Objects.requireNonNull(scripts);
            return this;
        }

        /** How to choose among several matching configs; {@link ConfigSelector#FIRST} by default. */
        public Builder selector(ConfigSelector selector) {
            this.selector = Objects.requireNonNull(selector);
            return this;
        }

        /** Adds a listener for boot events. */
        public Builder listener(BootEventListener listener) {
            this.listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Who may speak for clients with {@code X-Forwarded-For}; by default everyone, as upstream. */
        public Builder trustedProxies(TrustedProxies trustedProxies) {
            this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
            return this;
        }

        /**
         * Answer {@code /ignition/{uuid}} only to a client whose IP is one of the machine's ({@code systemIPs} or
         * {@code networkIdentifiers}); 403 otherwise. Pair it with {@link #trustedProxies}, or any host can claim
         * a machine's IP in {@code X-Forwarded-For}.
         */
        public Builder ignitionSourceCheck(boolean enabled) {
            this.ignitionSourceCheck = enabled;
            return this;
        }

        /** Sign the Ignition URL in iPXE scripts, and require a valid signature on {@code /ignition/{uuid}}. */
        public Builder ignitionUrlSigner(IgnitionUrlSigner signer) {
            this.ignitionUrlSigner = Optional.of(signer);
            return this;
        }

        /**
         * Refuse Butane that butane only warns about (unknown keys, ...), as {@code butane --strict}: such a
         * secret answers 500 naming the path. Off by default, as upstream. Ignored when
         * {@link #ignitionRenderer} is given, which brings its own translator.
         */
        public Builder butaneStrict(boolean strict) {
            this.butaneStrict = strict;
            return this;
        }

        /** The Ignition renderer; a new one (see {@link #butaneStrict}) by default. */
        public Builder ignitionRenderer(IgnitionRenderer renderer) {
            this.ignition = Objects.requireNonNull(renderer);
            return this;
        }

        public BootService build() {
            if (scripts == null) {
                scripts = IpxeScripts.defaults();
            }
            if (ignitionUrlSigner.isPresent() && !scripts.bootTemplateSignsIgnitionUrl()) {
                throw new IllegalStateException("Ignition URL signing needs {{ignitionURLQuery}} right after the"
                        + " Ignition URL in the iPXE boot template; the template has none");
            }
            if (ignition == null) {
                ignition = new IgnitionRenderer(new ButaneOptions(butaneStrict));
            }
            return new BootService(this);
        }
    }
}
