package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.common.config.Settings;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.DatabaseConfig;
import dev.orderly.common.http.Json;
import dev.orderly.common.security.JwksSource;
import dev.orderly.common.security.JwtSettings;
import dev.orderly.common.security.JwtValidator;
import dev.orderly.common.security.Principal;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The auth API against the real local PostgreSQL (database {@code auth}). */
@ServerTest
@Timeout(60)
class AuthServiceTest {

    private static Database database;
    private static AuthService.Components components;

    private final Http1Client client;
    private final URI uri;

    AuthServiceTest(Http1Client client, URI uri) {
        this.client = client;
        this.uri = uri;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Settings settings = Settings.of(Config.just(ConfigSources.create(Map.of(
                "auth.dev.mode", "true",
                "auth.admin.username", "admin-" + SUFFIX,
                "auth.admin.password", "an admin password 42",
                "auth.login.failures.per.client", "1000"))));
        database = Database.open(DatabaseConfig.from(settings, "auth"), "auth");
        components = AuthService.Components.create(settings, database);
        AuthService.bootstrapAdmin(settings, components);
        AuthService.routing(routing, components);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void registerThenTokenThenValidateAgainstTheJwks() throws Exception {
        String username = "Alice-" + suffix();
        try (Http1ClientResponse res = post("/auth/users", username, "correct horse battery")) {
            assertThat(res.status().code()).isEqualTo(201);
            JsonNode body = json(res);
            assertThat(body.get("username").asText()).isEqualTo(username.toLowerCase());
            assertThat(body.get("roles").toString()).isEqualTo("[\"customer\"]");
        }
        String token;
        try (Http1ClientResponse res = post("/auth/token", username.toUpperCase(), "correct horse battery")) {
            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.headers().first(HeaderNames.CACHE_CONTROL)).contains("no-store");
            JsonNode body = json(res);
            assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.get("expires_in").asLong()).isEqualTo(900);
            token = body.get("access_token").asText();
        }
        JwtValidator validator = new JwtValidator(JwtSettings.of(uri.resolve("/.well-known/jwks.json"), "orderly",
                "orderly"), JwksSource.http(uri.resolve("/.well-known/jwks.json")), Clock.systemUTC());
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
            assertThat(key.get("kid").asText()).isEqualTo(components.keys().signing().getKeyID());
            assertThat(key.has("d")).as("private exponent must never be published").isFalse();
        }
    }

    @Test
    void registeringATakenUsernameIs409AndWeakInputIs422() {
        String username = "bob-" + suffix();
        post("/auth/users", username, "a long enough secret").close();
        try (Http1ClientResponse res = post("/auth/users", username, "another long secret")) {
            assertThat(res.status().code()).isEqualTo(409);
            assertThat(res.headers().contentType().map(Object::toString)).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
        }
        try (Http1ClientResponse res = post("/auth/users", "x", "short")) {
            assertThat(res.status().code()).isEqualTo(422);
            assertThat(json(res).get("errors")).hasSize(2);
        }
        try (Http1ClientResponse res = post("/auth/users", "carol-" + suffix(), "aaaaaaaaaaaaaaa")) {
            assertThat(res.status().code()).isEqualTo(422);
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        String username = "dave-" + suffix();
        post("/auth/users", username, "dave's real password").close();
        String wrongPassword;
        String unknownUser;
        try (Http1ClientResponse res = post("/auth/token", username, "not the password")) {
            assertThat(res.status().code()).isEqualTo(401);
            wrongPassword = json(res).get("detail").asText();
        }
        try (Http1ClientResponse res = post("/auth/token", "nobody-" + suffix(), "not the password")) {
            assertThat(res.status().code()).isEqualTo(401);
            unknownUser = json(res).get("detail").asText();
        }
        assertThat(unknownUser).isEqualTo(wrongPassword).isEqualTo("invalid username or password");
    }

    @Test
    void fiveFailuresLockTheUsernameWith429AndRetryAfter() {
        String username = "eve-" + suffix();
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
        String admin = components.users().findByUsername(
                "admin-" + SUFFIX).map(User::username).orElse(null);
        assertThat(admin).isNotNull();
        assertThat(components.users().findByUsername(admin).orElseThrow().roles()).contains("admin");
    }

    @Test
    void servesTheOpenApiDocument() {
        try (Http1ClientResponse res = client.get("/openapi").request()) {
            assertThat(res.status().code()).isEqualTo(200);
            assertThat(res.as(String.class)).contains("/auth/token", "/.well-known/jwks.json");
        }
    }

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    private static String suffix() {
        return SUFFIX + Long.toString(System.nanoTime() % 100000, 36);
    }

    private Http1ClientResponse post(String path, String username, String password) {
        String body = Json.mapper().createObjectNode().put("username", username).put("password", password).toString();
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
