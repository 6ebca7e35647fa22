package dev.bootoperator.oci;

import dev.bootoperator.oci.http.AuthChallenge;
import dev.bootoperator.oci.http.HttpTransport;
import dev.bootoperator.oci.json.DescriptorJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads images from OCI registries over {@code java.net.http}: resolves a reference to the manifest of one
 * platform, and opens blobs as streams. Thread-safe; keep one per server.
 *
 * <ul>
 *   <li>Every call checks the {@link RegistryPolicy} first, so a refused registry sees no request.</li>
 *   <li>Authentication follows the registry's {@code GET /v2/} challenge (probed once per registry): anonymous,
 *       Basic with credentials from {@link DockerConfigCredentials}, or a Bearer token per repository that is
 *       cached until it expires and re-fetched on a 401, at most twice per call.</li>
 *   <li>Redirects are followed by hand, at most 5, without credentials once they leave the registry's origin.</li>
 *   <li>Failures are {@link RegistryException}s naming the registry and the image or digest.</li>
 * </ul>
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.builder()
 *         .policy(RegistryPolicy.fromCsv("ghcr.io,127.0.0.1:5000", "127.0.0.1:5000"))
 *         .credentials(DockerConfigCredentials.load(Path.of("config.json")))
 *         .platform(PlatformSelector.pxe("arm64"))
 *         .build();
 * ImageReference ref = ImageReference.parse("ghcr.io/gardenlinux/gardenlinux:1877.0");
 * ResolvedImage image = registry.resolve(ref);
 * LayerDescriptor kernel = image.findLayer(LayerKind.KERNEL);
 * try (FetchedBlob blob = registry.openBlob(ref, kernel.digest())) { blob.body().transferTo(out); }
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** An index may point at an index; deeper nesting is refused. */
    static final int MAX_INDEX_DEPTH = 2;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);

    private final RegistryPolicy policy;
    private final DockerConfigCredentials credentials;
    private final PlatformSelector platform;
    private final HttpTransport http;
    private final Clock clock;
    private final ConcurrentMap<String, List<AuthChallenge>> probes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AuthenticationFlow> flows = new ConcurrentHashMap<>();

    private RegistryClient(Builder b) {
        this.policy = b.policy;
        this.credentials = b.credentials;
        this.platform = b.platform;
        this.http = new HttpTransport(b.connectTimeout, b.requestTimeout).readTimeout(b.readTimeout);
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public RegistryPolicy policy() {
        return policy;
    }

    /**
     * The platform {@link #resolve(ImageReference)} picks from an index: for PXE images (kernel, initramfs,
     * squashfs). UKIs are picked with {@code platform().platformOnly()}.
     */
    public PlatformSelector platform() {
        return platform;
    }

    /** Resolves {@code image} for the configured {@link #platform()}. */
    public ResolvedImage resolve(ImageReference image) throws RegistryException {
        return resolve(image, platform);
    }

    /**
     * Fetches the manifest of {@code image} (by digest when it has one, else by tag); when that is an index,
     * fetches the entry {@code selector} picks, verified against the entry's digest.
     *
     * @throws RegistryNotAllowedException before any request when the policy refuses the registry
     * @throws ImageNotFoundException when the repository, tag, digest or platform does not exist
     */
    public ResolvedImage resolve(ImageReference image, PlatformSelector selector) throws RegistryException {
        Objects.requireNonNull(selector, "selector");
        RegistryEndpointCaller caller = caller(image);
        ManifestPuller puller = new ManifestPuller(caller);
        ManifestPuller.Pulled manifest = puller.pull(image.manifestReference(), image.digest());
        for (int depth = 0; manifest.isIndex(); depth++) {
            if (depth == MAX_INDEX_DEPTH) {
                throw new RegistryProtocolException(image.registry(), "image " + image + ": image indexes nested deeper than "
                        + MAX_INDEX_DEPTH);
            }
            DescriptorJson entry = PlatformManifestPicker.pick(caller.target(), manifest, selector);
            Digest digest;
            try {
                digest = Digest.parse(Objects.requireNonNull(entry.digest(), "digest"));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new RegistryProtocolException(image.registry(), "image " + image + ": index " + manifest.digest()
                        + " has an entry with digest '" + entry.digest() + "': " + e.getMessage(), e);
            }
            manifest = puller.pull(digest.toString(), Optional.of(digest));
        }
        ResolvedImage resolved = new ResolvedImage(image, manifest.digest(),
                ManifestPuller.layers(caller.target(), manifest));
        LOG.debug("Resolved {} for {} to manifest {} with {} layers", image, selector, resolved.manifestDigest(),
                resolved.layers().size());
        return resolved;
    }

    /**
     * Opens blob {@code digest} of {@code image}'s repository as a stream with the length the registry (or its
     * CDN) announced. The body is not buffered or verified; the caller closes it.
     */
    public FetchedBlob openBlob(ImageReference image, Digest digest) throws RegistryException {
        Objects.requireNonNull(digest, "digest");
        return new BlobPuller(caller(image), digest).open();
    }

    /**
     * The size of blob {@code digest} in {@code image}'s repository, from a {@code HEAD}: for a blob asked for by
     * digest alone, with no manifest that states its size.
     *
     * @throws ImageNotFoundException when the repository has no such blob
     */
    public long blobSize(ImageReference image, Digest digest) throws RegistryException {
        Objects.requireNonNull(digest, "digest");
        return new BlobChecker(caller(image), digest).size();
    }

    /** {@link #openBlob} for one image, as a {@link BlobCache} wants it. */
    public BlobFetcher blobFetcher(ImageReference image) {
        Objects.requireNonNull(image, "image");
        return digest -> openBlob(image, digest);
    }

    private RegistryEndpointCaller caller(ImageReference image) throws RegistryException {
        Objects.requireNonNull(image, "image");
        policy.check(image);
        RegistryTarget target = RegistryTarget.of(image, policy);
        String key = image.registry() + "/" + image.repository();
        AuthenticationFlow flow = flows.get(key);
        if (flow == null) {
            List<AuthChallenge> challenges = probes.get(image.registry());
            if (challenges == null) {
                challenges = RegistryEndpointCaller.probe(http, target);
                probes.putIfAbsent(image.registry(), challenges);
            }
            AuthenticationFlow created = new AuthenticationFlow(http, target,
                    credentials.forRegistry(image.registry()), challenges, clock);
            flow = Objects.requireNonNullElse(flows.putIfAbsent(key, created), created);
        }
        return new RegistryEndpointCaller(http, target, flow);
    }

    /** Stops the client's HTTP threads; calls after this fail. For a web application's undeploy. */
    @Override
    public void close() {
        http.close();
    }

    /** Configures a {@link RegistryClient}; every setting has a default. */
    public static final class Builder {
        private RegistryPolicy policy = RegistryPolicy.defaults();
        private DockerConfigCredentials credentials = DockerConfigCredentials.none();
        private PlatformSelector platform = PlatformSelector.pxe("amd64");
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration readTimeout = HttpTransport.DEFAULT_READ_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Default: only {@code ghcr.io}, over https. */
        public Builder policy(RegistryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Default: none, every registry anonymously. */
        public Builder credentials(DockerConfigCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Default: {@link PlatformSelector#pxe pxe("amd64")}, cname {@code metal_pxe*} first, then the platform. */
        public Builder platform(PlatformSelector platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /** How long to wait for a TCP (and TLS) connection; default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for response headers (the first byte) of each request, and for a whole manifest or
         * token; default 30 s. A blob body has no deadline.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * How long a blob body may deliver nothing (a stall mid-stream) before the download fails; default 60 s.
         * The body as a whole has no deadline.
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /** The clock for token expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
