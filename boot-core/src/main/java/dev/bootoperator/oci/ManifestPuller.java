package dev.bootoperator.oci;

import com.fasterxml.jackson.core.JacksonException;
import dev.bootoperator.oci.json.DescriptorJson;
import dev.bootoperator.oci.json.ManifestJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v2/<repository>/manifests/<tag or digest>}, accepting all four manifest media types, at most
 * {@value #MAX_MANIFEST_BYTES} bytes. A manifest asked for by digest must hash to it; one asked for by tag must
 * hash to the {@code Docker-Content-Digest} the registry announces, if it announces one.
 */
final class ManifestPuller {
    static final int MAX_MANIFEST_BYTES = 4 << 20;

    /** A fetched index or image manifest, with the digest of its bytes. */
    record Pulled(Digest digest, String mediaType, ManifestJson json) {
        boolean isIndex() {
            return MediaTypes.INDEXES.contains(mediaType);
        }
    }

    private final RegistryEndpointCaller caller;

    ManifestPuller(RegistryEndpointCaller caller) {
        this.caller = caller;
    }

    Pulled pull(String reference, Optional<Digest> expected) throws RegistryException {
        RegistryTarget target = caller.target();
        String registry = target.registry();
        String what = "manifest " + reference + " of " + target.image().name();
        HttpResponse<byte[]> response = caller.read(what,
                target.repository() + "/manifests/" + reference, MediaTypes.MANIFESTS, MAX_MANIFEST_BYTES);
        byte[] body = response.body();
        Digest actual = Digest.of(body);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw new RegistryProtocolException(registry, what + ": the registry sent content with digest " + actual
                    + ", not the requested " + expected.get());
        }
        Optional<String> announced = response.headers().firstValue("Docker-Content-Digest");
        if (expected.isEmpty() && announced.isPresent() && !announced.get().trim().equals(actual.toString())) {
            throw new RegistryProtocolException(registry, what + ": Docker-Content-Digest " + announced.get()
                    + " does not match the content's digest " + actual);
        }
        ManifestJson json;
        try {
            json = RegistryEndpointCaller.JSON.readValue(body, ManifestJson.class);
        } catch (JacksonException e) {
            throw new RegistryProtocolException(registry, what + ": not a JSON manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RegistryProtocolException(registry, what + ": " + RegistryEndpointCaller.describe(e), e);
        }
        if (json == null) {
            throw new RegistryProtocolException(registry, what + ": empty manifest");
        }
        String mediaType = mediaType(json, response);
        if (!MediaTypes.INDEXES.contains(mediaType) && !MediaTypes.IMAGE_MANIFESTS.contains(mediaType)) {
            throw new RegistryProtocolException(registry, what + ": unsupported manifest media type '" + mediaType
                    + "'; want one of " + MediaTypes.MANIFESTS);
        }
        return new Pulled(actual, mediaType, json);
    }

    /** The layers of an image manifest as domain descriptors. */
    static List<LayerDescriptor> layers(RegistryTarget target, Pulled manifest) throws RegistryProtocolException {
        List<DescriptorJson> layers = manifest.json().layers();
        if (layers == null) {
            throw new RegistryProtocolException(target.registry(), "manifest " + manifest.digest() + " of "
                    + target.image() + " has no layers array");
        }
        List<LayerDescriptor> result = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            DescriptorJson layer = layers.get(i);
            String where = "manifest " + manifest.digest() + " of " + target.image() + ": layers[" + i + "]";
            if (layer == null || layer.mediaType() == null || layer.digest() == null || layer.size() == null) {
                throw new RegistryProtocolException(target.registry(), where + " lacks mediaType, digest or size");
            }
            try {
                result.add(new LayerDescriptor(Digest.parse(layer.digest()), layer.size(), layer.mediaType(),
                        layer.annotations() == null ? Map.of() : layer.annotations()));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new RegistryProtocolException(target.registry(), where + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static String mediaType(ManifestJson json, HttpResponse<byte[]> response) {
        if (json.mediaType() != null && !json.mediaType().isBlank()) {
            return json.mediaType().trim();
        }
        Optional<String> contentType = response.headers().firstValue("Content-Type").map(MediaTypes::withoutParameters);
        if (contentType.isPresent() && MediaTypes.MANIFESTS.contains(contentType.get())) {
            return contentType.get();
        }
        if (json.manifests() != null) {
            return MediaTypes.OCI_INDEX;
        }
        if (json.layers() != null) {
            return MediaTypes.OCI_MANIFEST;
        }
        return contentType.orElse("(none)");
    }
}
