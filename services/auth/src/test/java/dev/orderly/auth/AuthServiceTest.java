package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.common.config.Settings;
import dev.orderly.common.http.Json;
import dev.orderly.common.security.JwtValidator;
import dev.orderly.common.security.Principal;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The auth API against the real local PostgreSQL (database {@code auth}). */
@ServerTest
@Timeout(60)
class AuthServiceTest {

  private static final TestAuth AUTH = new TestAuth();

  private final Http1Client client;

  AuthServiceTest(Http1Client client) {
    this.client = client;
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    AUTH.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    AUTH.routing(routing);
  }

  @AfterAll
  static void close() {
    AUTH.close();
  }

  @Test
  void registerThenTokenThenValidateAgainstTheJwks() throws Exception {
    String username = AUTH.unique("Alice");
    try (Http1ClientResponse res = post("/auth/users", username, "correct horse battery")) {
      assertThat(res.status().code()).isEqualTo(201);
      JsonNode body = json(res);
      assertThat(body.get("username").asText()).isEqualTo(username.toLowerCase());
      assertThat(body.get("roles").toString()).isEqualTo("[\"customer\"]");
    }
    String token;
    try (Http1ClientResponse res =
        post("/auth/token", username.toUpperCase(), "correct horse battery")) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(res.headers().first(HeaderNames.CACHE_CONTROL)).contains("no-store");
      JsonNode body = json(res);
      assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
      assertThat(body.get("expires_in").asLong()).isEqualTo(900);
      token = body.get("access_token").asText();
    }
    // Configured with the issuer URL only: the keys are found through the metadata.
    JwtValidator validator =
        JwtValidator.create(
            Settings.of(Config.just(ConfigSources.create(Map.of("auth.issuer", AUTH.issuer)))));
    Principal principal = validator.validateAuthorization("Bearer " + token);
    assertThat(principal.username()).isEqualTo(username.toLowerCase());
    assertThat(principal.roles()).containsExactly("customer");
    assertThat(UUID.fromString(principal.subject())).isNotNull();
  }

  @Test
  void jwksPublishesOnlyPublicKeysWithThumbprintIds() {
    try (Http1ClientResponse res = client.get("/.well-known/jwks.json").request()) {
      assertThat(res.status().code()).isEqualTo(200);
      JsonNode key = json(res).get("keys").get(0);
      assertThat(key.get("kty").asText()).isEqualTo("RSA");
      assertThat(key.get("kid").asText()).isEqualTo(AUTH.components().keys().signing().getKeyID());
      assertThat(key.has("d")).as("private exponent must never be published").isFalse();
    }
  }

  @Test
  void registeringATakenUsernameIs409AndWeakInputIs422() {
    String username = AUTH.unique("bob");
    post("/auth/users", username, "a long enough secret").close();
    try (Http1ClientResponse res = post("/auth/users", username, "another long secret")) {
      assertThat(res.status().code()).isEqualTo(409);
      assertThat(res.headers().contentType().map(Object::toString))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }
    try (Http1ClientResponse res = post("/auth/users", "x", "short")) {
      assertThat(res.status().code()).isEqualTo(422);
      assertThat(json(res).get("errors")).hasSize(2);
    }
    try (Http1ClientResponse res = post("/auth/users", AUTH.unique("carol"), "aaaaaaaaaaaaaaa")) {
      assertThat(res.status().code()).isEqualTo(422);
    }
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    String username = AUTH.unique("dave");
    post("/auth/users", username, "dave's real password").close();
    String wrongPassword;
    String unknownUser;
    try (Http1ClientResponse res = post("/auth/token", username, "not the password")) {
      assertThat(res.status().code()).isEqualTo(401);
      wrongPassword = json(res).get("detail").asText();
    }
    try (Http1ClientResponse res = post("/auth/token", AUTH.unique("nobody"), "not the password")) {
      assertThat(res.status().code()).isEqualTo(401);
      unknownUser = json(res).get("detail").asText();
    }
    assertThat(unknownUser).isEqualTo(wrongPassword).isEqualTo("invalid username or password");
  }

  @Test
  void fiveFailuresLockTheUsernameWith429AndRetryAfter() {
    String username = AUTH.unique("eve");
    post("/auth/users", username, "eve's real password").close();
    for (int i = 0; i < 5; i++) {
      try (Http1ClientResponse res = post("/auth/token", username, "guess " + i)) {
        assertThat(res.status().code()).isEqualTo(401);
      }
    }
    // even the right password is refused while the username is locked
    try (Http1ClientResponse res = post("/auth/token", username, "eve's real password")) {
      assertThat(res.status().code()).isEqualTo(429);
      long retryAfter = Long.parseLong(res.headers().first(HeaderNames.RETRY_AFTER).orElseThrow());
      assertThat(retryAfter).isBetween(1L, 300L);
    }
  }

  @Test
  void adminIsBootstrappedWithTheAdminRole() {
    String admin =
        AUTH.components().users().findByUsername(AUTH.admin).map(User::username).orElse(null);
    assertThat(admin).isNotNull();
    assertThat(AUTH.components().users().findByUsername(admin).orElseThrow().roles())
        .contains("admin");
  }

  @Test
  void servesTheOpenApiDocument() {
    try (Http1ClientResponse res = client.get("/openapi").request()) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(res.as(String.class)).contains("/auth/token", "/.well-known/jwks.json");
    }
  }

  private Http1ClientResponse post(String path, String username, String password) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("username", username)
            .put("password", password)
            .toString();
    return client.post(path).header(HeaderNames.CONTENT_TYPE, "application/json").submit(body);
  }

  private static JsonNode json(Http1ClientResponse res) {
    try {
      return Json.mapper().readTree(res.as(String.class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
