package dev.bootoperator.oci.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A token endpoint's answer (distribution token spec). Either field may carry the token; {@code expires_in}
 * is in seconds.
 *
 * <pre>{@code
 * {"token": "eyJhbGciOi…", "access_token": "eyJhbGciOi…", "expires_in": 300, "issued_at": "2024-05-01T10:00:00Z"}
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponseJson(
        @JsonProperty("token") String token,
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("issued_at") String issuedAt) {
}
