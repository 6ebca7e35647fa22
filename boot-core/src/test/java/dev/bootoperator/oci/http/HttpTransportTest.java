package dev.bootoperator.oci.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "https://ghcr.io/v2/a/blobs/x,        https://ghcr.io/storage/x,                 true",
            "https://ghcr.io/v2/a/blobs/x,        https://GHCR.IO:443/storage/x,             true",
            "http://127.0.0.1:5000/v2/x,          http://127.0.0.1:5000/other,               true",
            "https://ghcr.io/v2/a/blobs/x,        https://pkg-containers.githubusercontent.com/x, false",
            "https://ghcr.io/v2/a/blobs/x,        https://ghcr.io:8443/x,                    false",
            "https://ghcr.io/v2/a/blobs/x,        http://ghcr.io/x,                          false",
            "https://ghcr.io:80/v2/x,             http://ghcr.io:80/x,                       false",
            "http://ghcr.io/v2/x,                 https://ghcr.io/x,                         false",
            "http://127.0.0.1:5000/v2/x,          http://localhost:5000/x,                   false",
    })
    void keepsCredentialsOnlyForTheSameOriginWithoutDowngrade(URI from, URI to, boolean keeps) {
        assertThat(HttpTransport.keepsCredentials(from, to)).isEqualTo(keeps);
    }

    @Test
    void refusesAClientThatFollowsRedirectsItself() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> new HttpTransport(following, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Redirect.NEVER");
    }

    @Test
    void refusesNonPositiveTimeouts() {
        assertThatThrownBy(() -> new HttpTransport(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
    }
}
