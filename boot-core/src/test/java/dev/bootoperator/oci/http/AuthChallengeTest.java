package dev.bootoperator.oci.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parsesABearerChallengeWithCommasInsideQuotes() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Bearer realm=\"https://ghcr.io/token\","
                + "service=\"ghcr.io\",scope=\"repository:a/b:pull,push\"");

        assertThat(challenges).containsExactly(new AuthChallenge("Bearer", Map.of(
                "realm", "https://ghcr.io/token", "service", "ghcr.io", "scope", "repository:a/b:pull,push")));
    }

    @Test
    void toleratesSpacesCaseUnquotedValuesEscapesAndAnError() {
        AuthChallenge c = AuthChallenge.parse("bearer  Realm = https://auth.example.com/token ,  "
                + "service=\"reg \\\"x\\\"\", error=\"insufficient_scope\"").get(0);

        assertThat(c.is("Bearer")).isTrue();
        assertThat(c.param("realm")).contains("https://auth.example.com/token");
        assertThat(c.param("SERVICE")).contains("reg \"x\"");
        assertThat(c.param("error")).contains("insufficient_scope");
    }

    @Test
    void parsesSeveralChallengesInOneOrSeveralHeaders() {
        assertThat(AuthChallenge.parse("Basic realm=\"r\", Bearer realm=\"https://t\",service=\"s\""))
                .extracting(AuthChallenge::scheme).containsExactly("Basic", "Bearer");
        assertThat(AuthChallenge.parseAll(List.of("Basic", "Bearer realm=\"https://t\"")))
                .extracting(AuthChallenge::scheme).containsExactly("Basic", "Bearer");
    }

    @Test
    void survivesGarbage() {
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
        assertThat(AuthChallenge.parse("Bearer realm=\"unterminated").get(0).param("realm")).contains("unterminated");
        assertThat(AuthChallenge.parse(", ,Bearer realm=,")).extracting(AuthChallenge::scheme).containsExactly("Bearer");
    }
}
