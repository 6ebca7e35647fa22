package dev.bootoperator.oci;

import dev.bootoperator.boot.BootRequest;
import dev.bootoperator.boot.BootResponse;
import dev.bootoperator.event.BootEvent;
import dev.bootoperator.event.BootEventListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image proxy's decisions: which layer a request names, whether the registry may be used, and where its
 * bytes come from ({@link BlobCache}: a verified file, a shared download in flight, or a verified pass-through).
 * Endpoints:
 * <ul>
 *   <li>{@code GET /image?imageName=…&version=…&layerDigest=sha256:…} (upstream's form): the blob with that
 *       digest in the image's repository, as upstream serves it: whatever tag {@code version} names now and
 *       whichever architecture's manifest holds it. No manifest is read; the digest is verified.</li>
 *   <li>{@code GET /image?imageName=…&version=…&layerName=<media type>}: the layer with that media type, or the
 *       one whose media type is a prefix of it or has it as prefix ({@link ResolvedImage#findLayerByMediaType}),
 *       in the manifest the registry client's platform picks from what {@code version} names now.</li>
 *   <li>{@code GET /httpboot/<registry>/<repository>/sha256-<hex>.efi}: a UKI by digest, as upstream gives UEFI
 *       firmware; {@code Content-Type: application/efi}.</li>
 *   <li>{@code GET /healthz}.</li>
 * </ul>
 * {@code HEAD} answers the same headers and never starts a download; one {@code Range} gets a 206. Errors: 400 for
 * bad or missing parameters, 403 for a registry the policy refuses, 404 for an unknown image, tag, digest or
 * layer, 502 when the registry fails (unreachable, 5xx, authentication), 500 for a fault of ours; each is one line
 * naming the image, registry or parameter. When the registry fails but the requested digest is cached, the cached
 * blob is served: it is verified content, whatever the tag says now.
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.builder().policy(RegistryPolicy.fromCsv("ghcr.io", "")).build();
 * ImageProxy proxy = ImageProxy.builder(registry, BlobCache.open(cacheDir, 20L << 30)).build();
 * ImageProxyResponse answer = proxy.handle(BootRequest.get("/image", "10.0.0.5"));
 * }</pre>
 */
public final class ImageProxy {
    public static final String EFI_CONTENT_TYPE = "application/efi";
    public static final String OCTET_STREAM = "application/octet-stream";
    /** Query strings longer than this are refused with 400. */
    public static final int MAX_QUERY_LENGTH = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(ImageProxy.class);
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ImageResolver images;
    private final RegistryClient registry;
    private final BlobCache cache;
    private final BootEventListener listener;
    private final BlobSizes sizes = new BlobSizes();

    private ImageProxy(Builder b) {
        this.images = new ImageResolver(b.registry, b.ttl);
        this.registry = images.registry();
        this.cache = b.cache;
        this.listener = BootEventListener.all(b.listeners);
    }

    public static Builder builder(RegistryClient registry, BlobCache cache) {
        return new Builder(registry, cache);
    }

    /** The resolver this proxy uses, cached; share it to resolve the same images elsewhere. */
    public ImageResolver images() {
        return images;
    }

    public BlobCache cache() {
        return cache;
    }

    /**
     * The URL upstream gives UEFI firmware for a UKI layer: {@code <imageServerUrl>/<image name>/sha256-<hex>.efi},
     * {@code /httpboot} appended to a URL without a path ({@link ImageServerUrl}).
     */
    public static String httpBootUrl(String imageServerUrl, ImageReference image, Digest digest) {
        return ImageServerUrl.of(imageServerUrl).ukiUrl(image, digest);
    }

    /**
     * Resolves {@code image} and downloads, verifies and caches every layer of its manifest for the configured
     * platform, blocking until done. Layers already cached count as hits.
     *
     * @return the resolved image
     */
    public ResolvedImage prefetch(ImageReference image) throws IOException {
        ResolvedImage resolved = images.resolve(image);
        sizes.remember(resolved);
        BlobFetcher fetcher = registry.blobFetcher(image);
        for (LayerDescriptor layer : resolved.layers()) {
            cache.prefetch(layer.digest(), layer.size(), fetcher);
        }
        return resolved;
    }

    /** Answers one request. Never throws: an unexpected failure becomes a 500 without internals. */
    public ImageProxyResponse handle(BootRequest request) {
        long start = System.nanoTime();
        String path = request.rawPath();
        String endpoint = path.startsWith("/httpboot/") ? "httpboot-uki" : path.startsWith("/image") ? "image" : "unknown";
        ImageProxyResponse response;
        try {
            response = dispatch(request, path);
        } catch (RuntimeException e) {
            LOG.error("{} {} from {}: internal error", request.method(), truncate(path), request.remoteAddress(), e);
            response = message(500, "internal error while serving " + endpoint);
        }
        listener.onEvent(new BootEvent.RequestCompleted(endpoint, response.status(),
                BootEvent.RequestCompleted.outcomeOf(response.status()), Duration.ofNanos(System.nanoTime() - start)));
        return response;
    }

    private ImageProxyResponse dispatch(BootRequest request, String path) {
        boolean image = path.equals("/image") || path.equals("/image/");
        boolean uki = path.startsWith("/httpboot/");
        if (path.equals("/healthz")) {
            return message(200, "ok");
        }
        if (!image && !uki) {
            return message(404, "not found: " + truncate(path) + " (the image proxy serves /image?… and /httpboot/…/sha256-….efi)");
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new ImageProxyResponse.Message(BootResponse.text(405, "method " + truncate(request.method())
                    + " not allowed; use GET or HEAD").withHeader("Allow", "GET, HEAD"));
        }
        try {
            Target target = image ? queryTarget(request.rawQuery()) : httpBootTarget(path);
            return serve(target, request);
        } catch (BadRequest e) {
            return message(400, e.getMessage());
        }
    }

    /** What a request names: an image and either a layer digest or a media type. */
    private record Target(ImageReference image, Optional<Digest> digest, Optional<String> layerName, boolean uki,
                          boolean resolve) {
    }

    private static Target queryTarget(String rawQuery) throws BadRequest {
        if (rawQuery.length() > MAX_QUERY_LENGTH) {
            throw new BadRequest("query string longer than " + MAX_QUERY_LENGTH + " characters");
        }
        Map<String, String> query = parseQuery(rawQuery);
        String imageName = query.getOrDefault("imageName", "").trim();
        String version = query.getOrDefault("version", "").trim();
        String layerDigest = query.getOrDefault("layerDigest", "").trim();
        // '+' decodes to a space in a query (as in Go); media types have no spaces but may have '+'.
        String layerName = query.getOrDefault("layerName", "").trim().replace(' ', '+');
        List<String> missing = new ArrayList<>();
        if (imageName.isEmpty()) {
            missing.add("imageName");
        }
        if (version.isEmpty()) {
            missing.add("version");
        }
        if (layerDigest.isEmpty() && layerName.isEmpty()) {
            missing.add("layerDigest or layerName");
        }
        if (!missing.isEmpty()) {
            throw new BadRequest("missing query parameter " + String.join(", ", missing)
                    + "; want /image?imageName=REGISTRY/REPOSITORY&version=TAG&layerDigest=sha256:HEX (or layerName=MEDIA_TYPE)");
        }
        if (!layerDigest.isEmpty() && !layerName.isEmpty()) {
            throw new BadRequest("give layerDigest or layerName, not both");
        }
        ImageReference ref;
        try {
            ref = ImageReference.of(imageName, version);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("imageName/version: " + e.getMessage());
        }
        Optional<Digest> digest = Optional.empty();
        if (!layerDigest.isEmpty()) {
            digest = Optional.of(parseDigest("layerDigest", layerDigest));
        }
        // By digest the blob is served as upstream serves it: from the repository, no manifest consulted, so a moved
        // tag or another architecture's layer still boots the machines whose URLs name it.
        return new Target(ref, digest, Optional.of(layerName).filter(n -> !n.isEmpty()), false, digest.isEmpty());
    }

    private static Target httpBootTarget(String rawPath) throws BadRequest {
        String rest = rawPath.substring("/httpboot/".length());
        int slash = rest.lastIndexOf('/');
        String file = slash < 0 ? rest : rest.substring(slash + 1);
        if (slash <= 0 || !file.startsWith("sha256-") || !file.endsWith(".efi")) {
            throw new BadRequest("want /httpboot/REGISTRY/REPOSITORY/sha256-HEX.efi, got " + truncate(rawPath));
        }
        String name = rest.substring(0, slash).replace("%3A", ":").replace("%3a", ":");
        if (name.contains("%")) {
            throw new BadRequest("percent-encoded characters other than ':' are not allowed in the image name " + truncate(name));
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        if (!ref.tag().orElse(ImageReference.DEFAULT_TAG).equals(ImageReference.DEFAULT_TAG) || ref.digest().isPresent()) {
            throw new BadRequest("the image name in /httpboot/… has no tag or digest: " + truncate(name));
        }
        String hex = file.substring("sha256-".length(), file.length() - ".efi".length());
        Digest digest = parseDigest("UKI digest", "sha256:" + hex);
        return new Target(ref, Optional.of(digest), Optional.empty(), true, false);
    }

    private ImageProxyResponse serve(Target target, BootRequest request) {
        ImageReference image = target.image();
        try {
            registry.policy().check(image);
        } catch (RegistryNotAllowedException e) {
            return message(403, e.getMessage());
        }
        BlobFetcher fetcher = registry.blobFetcher(image);
        Digest digest;
        long size;
        String contentType = target.uki() ? EFI_CONTENT_TYPE : OCTET_STREAM;
        try {
            if (target.resolve()) {
                ResolvedImage resolved = images.resolve(image);
                sizes.remember(resolved);
                LayerDescriptor layer = resolved.findLayerByMediaType(target.layerName().orElseThrow());
                digest = layer.digest();
                size = layer.size();
                if (layer.kind().filter(k -> k == LayerKind.UKI).isPresent()) {
                    contentType = EFI_CONTENT_TYPE;
                }
                boolean immutable = image.digest().isPresent();
                long bodySize = size;
                return layer(digest, size, contentType, immutable, request, () -> cache.blob(digest, bodySize, fetcher));
            }
            digest = target.digest().orElseThrow();
            Optional<CachedBlob> cached = cache.cached(digest, fetcher);
            if (cached.isPresent()) {
                CachedBlob blob = cached.get();
                return layer(digest, blob.size(), contentType, true, request, () -> blob);
            }
            size = sizes.size(image, digest, () -> registry.blobSize(image, digest));
            long bodySize = size;
            return layer(digest, size, contentType, true, request, () -> cache.blob(digest, bodySize, fetcher));
        } catch (RegistryException e) {
            return registryFailure(image, e);
        }
    }

    private static ImageProxyResponse layer(Digest digest, long size, String contentType, boolean immutable,
            BootRequest request, ImageProxyResponse.Body body) {
        String etag = "\"" + digest + "\"";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", etag);
        headers.put("Accept-Ranges", "bytes");
        if (immutable) {
            headers.put("Cache-Control", IMMUTABLE);
        }
        ByteRange range = ByteRange.of(request.header("Range"), request.header("If-Range"), etag, size);
        if (range instanceof ByteRange.Unsatisfiable u) {
            BootResponse r = BootResponse.text(416, "range not satisfiable: " + digest + " has " + size + " bytes")
                    .withHeader("Content-Range", u.contentRange());
            return new ImageProxyResponse.Message(r);
        }
        if (range instanceof ByteRange.Partial p) {
            headers.put("Content-Range", p.contentRange());
            return new ImageProxyResponse.Layer(206, contentType, p.offset(), p.length(), headers, body);
        }
        return new ImageProxyResponse.Layer(200, contentType, 0, size, headers, body);
    }

    private static ImageProxyResponse registryFailure(ImageReference image, RegistryException e) {
        int status;
        if (e instanceof RegistryNotAllowedException) {
            status = 403;
        } else if (e instanceof ImageNotFoundException || e instanceof LayerNotFoundException) {
            status = 404;
        } else {
            status = 502;
        }
        if (status == 502) {
            LOG.warn("image {}: {}", image, e.getMessage());
        }
        return message(status, e.getMessage());
    }

    private static Digest parseDigest(String parameter, String text) throws BadRequest {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(parameter + ": " + e.getMessage());
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) throws BadRequest {
        Map<String, String> values = new HashMap<>();
        if (rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.putIfAbsent(name, value) != null && isParameter(name)) {
                throw new BadRequest("query parameter " + name + " given more than once");
            }
        }
        return values;
    }

    private static boolean isParameter(String name) {
        return name.equals("imageName") || name.equals("version") || name.equals("layerDigest") || name.equals("layerName");
    }

    private static String decode(String s) throws BadRequest {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed percent-encoding in the query: " + truncate(s));
        }
    }

    private static ImageProxyResponse message(int status, String text) {
        return new ImageProxyResponse.Message(BootResponse.text(status, text));
    }

    private static String truncate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The default HTTP-boot UKI from an OCI image, as {@code BootService.Builder#defaultUkiUrl(Supplier)} wants
     * it: the {@link ImageServerUrl#ukiUrl UKI URL} of the image's UKI layer, in the manifest picked by platform
     * only (as upstream's {@code internal/uki/oci.go}), resolved through {@link #images()} (so cached for its
     * TTL). A registry failure is an {@link UncheckedIOException}, which the boot service answers with 502
     * naming the image.
     */
    public java.util.function.Supplier<Optional<String>> defaultUki(ImageServerUrl imageServerUrl, ImageReference image) {
        Objects.requireNonNull(imageServerUrl, "imageServerUrl");
        Objects.requireNonNull(image, "image");
        PlatformSelector ukiPlatform = registry.platform().platformOnly();
        return () -> {
            try {
                ResolvedImage resolved = images.resolve(image, ukiPlatform);
                sizes.remember(resolved);
                LayerDescriptor uki = resolved.findLayer(LayerKind.UKI);
                return Optional.of(imageServerUrl.ukiUrl(image, uki.digest()));
            } catch (RegistryException e) {
                throw new UncheckedIOException("default UKI image " + image + ": " + e.getMessage(), e);
            }
        };
    }

    /** Configures an {@link ImageProxy}. */
    public static final class Builder {
        private final RegistryClient registry;
        private final BlobCache cache;
        private final List<BootEventListener> listeners = new ArrayList<>();
        private Duration ttl = ImageResolver.DEFAULT_TTL;

        private Builder(RegistryClient registry, BlobCache cache) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.cache = Objects.requireNonNull(cache, "cache");
        }

        /** How long a tag's resolution is reused; default 5 minutes. */
        public Builder resolutionTtl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** Adds a listener; it gets a {@link BootEvent.RequestCompleted} per request. */
        public Builder listener(BootEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public ImageProxy build() {
            return new ImageProxy(this);
        }
    }
}
