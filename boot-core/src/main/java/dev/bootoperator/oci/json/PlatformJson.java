package dev.bootoperator.oci.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"architecture": "arm64", "os": "linux", "variant": "v8"}} in an index entry. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlatformJson(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant) {
}
