package dev.bootoperator.oci.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * An OCI content descriptor: a layer, a config, or an index entry (which may carry a platform).
 *
 * <pre>{@code
 * {"mediaType": "application/vnd.ironcore.image.kernel",
 *  "digest": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
 *  "size": 12345678,
 *  "annotations": {"org.opencontainers.image.title": "vmlinuz"}}
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DescriptorJson(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("digest") String digest,
        @JsonProperty("size") Long size,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("platform") PlatformJson platform) {
}
