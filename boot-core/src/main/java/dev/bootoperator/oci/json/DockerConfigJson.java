package dev.bootoperator.oci.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The part of a Docker {@code config.json} that holds inline credentials. Keys are registry hosts as Docker
 * writes them: {@code https://index.docker.io/v1/}, {@code ghcr.io}, {@code 127.0.0.1:5000}.
 *
 * <pre>{@code
 * {"auths": {
 *    "https://index.docker.io/v1/": {"auth": "dXNlcjpwYXNz"},
 *    "registry.example.com": {"username": "robot", "password": "s3cret"}}}
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerConfigJson(@JsonProperty("auths") Map<String, AuthJson> auths) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthJson(
            @JsonProperty("auth") String auth,
            @JsonProperty("username") String username,
            @JsonProperty("password") String password) {
    }
}
