package dev.bootoperator.oci.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A registry's error document.
 *
 * <pre>{@code
 * {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown", "detail": {"Tag": "2.0"}}]}
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponseJson(@JsonProperty("errors") List<Entry> errors) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(
            @JsonProperty("code") String code,
            @JsonProperty("message") String message,
            @JsonProperty("detail") JsonNode detail) {
    }
}
