package dev.bootoperator.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bootoperator.operator.testing.MockCluster;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** controller-runtime's review caching: token 1 min, allow 5 min, deny 30 s; failed calls never cached. */
class ScrapeAuthorizerTest {
    private static final String PROMETHEUS = "system:serviceaccount:monitoring:prometheus";
    private static MockCluster cluster;
    private static MockCluster.Reviews reviews;
    private final AtomicLong now = new AtomicLong();

    @BeforeAll
    static void start() {
        cluster = MockCluster.start();
        reviews = cluster.reviewAccess(Map.of("prometheus-token", PROMETHEUS, "intruder-token", "intruder"),
                Set.of(PROMETHEUS));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void answersAreReusedForControllerRuntimesTtlsThenAskedAgain() {
        ScrapeAuthorizer authorizer = new ScrapeAuthorizer(cluster.client(), now::get);
        int tokens = reviews.tokenReviews().get();
        int accesses = reviews.accessReviews().get();

        assertThat(authorizer.decide("GET", "/metrics", Optional.of("Bearer prometheus-token")))
                .isEqualTo(new ScrapeAuthorizer.Allowed(PROMETHEUS));
        assertThat(authorizer.decide("GET", "/metrics", Optional.of("bearer  intruder-token ")))
                .isEqualTo(new ScrapeAuthorizer.Refused(403, "Authorization denied for user intruder"));
        assertThat(reviews.tokenReviews().get() - tokens).isEqualTo(2);
        assertThat(reviews.accessReviews().get() - accesses).isEqualTo(2);

        advance(Duration.ofSeconds(31)); // the deny has expired, tokens and the allow have not
        authorizer.decide("GET", "/metrics", Optional.of("Bearer prometheus-token"));
        authorizer.decide("GET", "/metrics", Optional.of("Bearer intruder-token"));
        assertThat(reviews.tokenReviews().get() - tokens).isEqualTo(2);
        assertThat(reviews.accessReviews().get() - accesses).isEqualTo(3);

        advance(Duration.ofSeconds(30)); // 61 s: the token reviews have expired
        authorizer.decide("GET", "/metrics", Optional.of("Bearer prometheus-token"));
        assertThat(reviews.tokenReviews().get() - tokens).isEqualTo(3);
        assertThat(reviews.accessReviews().get() - accesses).isEqualTo(3);

        advance(Duration.ofMinutes(5)); // the allow has expired too
        authorizer.decide("GET", "/metrics", Optional.of("Bearer prometheus-token"));
        assertThat(reviews.accessReviews().get() - accesses).isEqualTo(4);
    }

    @Test
    void theVerbIsTheLowerCaseMethodAndThePathTheRequestsOwn() {
        ScrapeAuthorizer authorizer = new ScrapeAuthorizer(cluster.client(), now::get);

        // the mock allows only get on /metrics, as the metrics-reader ClusterRole does
        assertThat(authorizer.decide("HEAD", "/metrics", Optional.of("Bearer prometheus-token")))
                .isInstanceOf(ScrapeAuthorizer.Refused.class);
        assertThat(authorizer.decide("GET", "/metrics/extra", Optional.of("Bearer prometheus-token")))
                .isEqualTo(new ScrapeAuthorizer.Refused(403, "Authorization denied for user " + PROMETHEUS));
    }

    @Test
    void anApiServerThatFailsTheTokenReviewGives401() {
        KubernetesClient down = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build();
        try (down) {
            ScrapeAuthorizer authorizer = new ScrapeAuthorizer(down, now::get);
            assertThat(authorizer.decide("GET", "/metrics", Optional.of("Bearer prometheus-token")))
                    .isEqualTo(new ScrapeAuthorizer.Refused(401, "Unauthorized"));
            assertThat(authorizer.decide("GET", "/metrics", Optional.empty()))
                    .isEqualTo(new ScrapeAuthorizer.Refused(401, "Unauthorized"));
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
