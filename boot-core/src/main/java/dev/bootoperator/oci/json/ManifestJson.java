package dev.bootoperator.oci.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An image manifest or an image index, OCI or Docker: a manifest has {@code config} and {@code layers}, an
 * index has {@code manifests}. {@code mediaType} is optional in OCI documents; the response's Content-Type
 * then tells which one it is.
 *
 * <pre>{@code
 * {"schemaVersion": 2,
 *  "mediaType": "application/vnd.oci.image.index.v1+json",
 *  "manifests": [
 *    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:…", "size": 1234,
 *     "platform": {"architecture": "amd64", "os": "linux"}},
 *    {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:…", "size": 1234,
 *     "annotations": {"cname": "metal_pxe_arm64-gardener_prod-1877.0", "architecture": "arm64"}}]}
 *
 * {"schemaVersion": 2,
 *  "mediaType": "application/vnd.oci.image.manifest.v1+json",
 *  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:…", "size": 2},
 *  "layers": [{"mediaType": "application/vnd.ironcore.image.kernel", "digest": "sha256:…", "size": 12345678}]}
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestJson(
        @JsonProperty("schemaVersion") Integer schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("config") DescriptorJson config,
        @JsonProperty("layers") List<DescriptorJson> layers,
        @JsonProperty("manifests") List<DescriptorJson> manifests,
        @JsonProperty("annotations") Map<String, String> annotations) {
}
