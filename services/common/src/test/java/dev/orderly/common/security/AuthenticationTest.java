package dev.orderly.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orderly.common.http.ProblemResponses;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a service uses {@link Authentication}: the filter plus principal / requireRole in handlers.
 */
@ServerTest
class AuthenticationTest {

  private static final RSAKey KEY = generate();

  private final Http1Client client;

  AuthenticationTest(Http1Client client) {
    this.client = client;
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    Authentication auth =
        new Authentication(
            new JwtValidator(
                JwtSettings.of("orderly", "orderly"),
                new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())),
                Clock.systemUTC()));
    auth.register(routing);
    routing
        .get("/mine", (req, res) -> res.send(Authentication.principal(req).subject()))
        .get("/admin", (req, res) -> res.send(Authentication.requireRole(req, "admin").subject()))
        .get(
            "/open",
            (req, res) ->
                res.send(Authentication.current(req).map(Principal::subject).orElse("anonymous")));
    ProblemResponses.register(routing); // as every service does: the more specific handler must win
  }

  @Test
  void aValidTokenNamesTheCaller() {
    try (Http1ClientResponse res = get("/mine", token("alice", List.of("customer")))) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(res.as(String.class)).isEqualTo("alice");
    }
  }

  @Test
  void noTokenIs401WithABearerChallengeWhereACallerIsNeeded() {
    try (Http1ClientResponse res = get("/mine", null)) {
      assertThat(res.status().code()).isEqualTo(401);
      assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE))
          .contains("Bearer realm=\"orderly\"");
      assertThat(res.headers().contentType().orElseThrow().text())
          .startsWith("application/problem+json");
    }
    try (Http1ClientResponse res = get("/open", null)) {
      assertThat(res.as(String.class)).isEqualTo("anonymous");
    }
  }

  @Test
  void anInvalidTokenIs401EvenOnOpenRoutes() {
    try (Http1ClientResponse res = get("/open", "not-a-jwt")) {
      assertThat(res.status().code()).isEqualTo(401);
      assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE).orElseThrow())
          .contains("invalid_token");
    }
  }

  @Test
  void aMissingRoleIs403() {
    try (Http1ClientResponse res = get("/admin", token("bob", List.of("customer")))) {
      assertThat(res.status().code()).isEqualTo(403);
      assertThat(res.headers().contentType().orElseThrow().text())
          .startsWith("application/problem+json");
    }
    try (Http1ClientResponse res = get("/admin", token("root", List.of("admin")))) {
      assertThat(res.status().code()).isEqualTo(200);
    }
  }

  private Http1ClientResponse get(String path, String token) {
    var request = client.get(path);
    if (token != null) {
      request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
    }
    return request.request();
  }

  private static String token(String subject, List<String> roles) {
    try {
      Instant now = Instant.now();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(KEY.getKeyID())
                  .type(new JOSEObjectType("at+jwt"))
                  .build(),
              new JWTClaimsSet.Builder()
                  .issuer("orderly")
                  .audience("orderly")
                  .subject(subject)
                  .claim("roles", roles)
                  .expirationTime(Date.from(now.plusSeconds(60)))
                  .build());
      jwt.sign(new RSASSASigner(KEY));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
