package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.Tokens;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token endpoint as a standard OAuth 2.0 client sees it (Nimbus's OAuth 2.0 SDK, not our code):
 * discovery from the issuer URL, the password, refresh_token and client_credentials grants, RFC
 * 6749 errors, and tokens that a validator configured with the issuer URL alone accepts.
 */
@ServerTest
@Timeout(60)
class OAuthTokenEndpointTest {

  private static final TestAuth AUTH = new TestAuth();
  private static final ClientID FIRST_PARTY = new ClientID("orderly");

  private final Http1Client http;
  private final JwtValidator validator =
      JwtValidator.create(
          Settings.of(Config.just(ConfigSources.create(Map.of("auth.issuer", AUTH.issuer)))));

  OAuthTokenEndpointTest(Http1Client http) {
    this.http = http;
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
  void theMetadataAtTheIssuerNamesTheTokenEndpointTheKeysAndTheGrants() throws Exception {
    AuthorizationServerMetadata metadata =
        AuthorizationServerMetadata.resolve(new Issuer(AUTH.issuer));

    assertThat(metadata.getIssuer().getValue()).isEqualTo(AUTH.issuer);
    assertThat(metadata.getTokenEndpointURI()).isEqualTo(URI.create(AUTH.issuer + "/token"));
    assertThat(metadata.getJWKSetURI())
        .isEqualTo(URI.create(AUTH.issuer + "/.well-known/jwks.json"));
    assertThat(metadata.getGrantTypes())
        .containsExactlyInAnyOrder(
            GrantType.PASSWORD, GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN);
    assertThat(metadata.getTokenEndpointAuthMethods())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "none");
  }

  @Test
  void aUserGetsATokenAndRefreshesItAndAStolenRefreshTokenEndsTheSession() throws Exception {
    String username = register(AUTH.unique("frank"), "frank's long password");

    Tokens first =
        success(
            request(
                null,
                new ResourceOwnerPasswordCredentialsGrant(
                    username, new Secret("frank's long password"))));
    Principal caller = validator.validate(first.getAccessToken().getValue());
    assertThat(caller.username()).isEqualTo(username);
    assertThat(caller.roles()).containsExactly("customer");
    assertThat(first.getRefreshToken()).isNotNull();

    Tokens second = success(request(null, new RefreshTokenGrant(first.getRefreshToken())));
    assertThat(validator.validate(second.getAccessToken().getValue()).subject())
        .isEqualTo(caller.subject());
    assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());

    // The first refresh token again: someone holds a copy. Refused, and the session with it.
    TokenErrorResponse reuse =
        failure(request(null, new RefreshTokenGrant(first.getRefreshToken())), 400);
    assertThat(reuse.getErrorObject().getCode()).isEqualTo("invalid_grant");
    assertThat(reuse.getErrorObject().getDescription()).contains("already used");
    assertThat(
            failure(request(null, new RefreshTokenGrant(second.getRefreshToken())), 400)
                .getErrorObject()
                .getCode())
        .isEqualTo("invalid_grant");
  }

  @Test
  void aRegisteredClientGetsATokenOfItsOwnWithBasicOrFormCredentials() throws Exception {
    Tokens admin =
        success(
            request(
                null,
                new ResourceOwnerPasswordCredentialsGrant(
                    AUTH.admin, new Secret(TestAuth.ADMIN_PASSWORD))));
    String clientId = AUTH.unique("reports");
    Secret secret = new Secret(registerClient(admin, clientId, List.of("admin")));

    for (ClientAuthentication auth :
        List.of(
            new ClientSecretBasic(new ClientID(clientId), secret),
            new ClientSecretPost(new ClientID(clientId), secret))) {
      Tokens tokens = success(request(auth, new ClientCredentialsGrant()));
      Principal caller = validator.validate(tokens.getAccessToken().getValue());
      assertThat(caller.subject()).isEqualTo(clientId);
      assertThat(caller.roles()).containsExactly("admin");
      assertThat(tokens.getRefreshToken()).as("RFC 6749 4.4.3: no refresh token").isNull();
    }

    TokenErrorResponse wrongSecret =
        failure(
            request(
                new ClientSecretBasic(new ClientID(clientId), new Secret("not the secret")),
                new ClientCredentialsGrant()),
            401);
    assertThat(wrongSecret.getErrorObject().getCode()).isEqualTo("invalid_client");
    // Without a secret (the SDK will not even send that): no client to issue for.
    assertError("grant_type=client_credentials&client_id=" + clientId, 401, "invalid_client");
  }

  @Test
  void wrongPasswordsAndBadRequestsGetRfc6749Errors() throws Exception {
    String username = register(AUTH.unique("grace"), "grace's long password");
    TokenErrorResponse wrong =
        failure(
            request(
                null,
                new ResourceOwnerPasswordCredentialsGrant(
                    username, new Secret("not her password"))),
            400);
    assertThat(wrong.getErrorObject().getCode()).isEqualTo("invalid_grant");

    assertError("grant_type=password&username=" + username, 400, "invalid_request");
    assertError("grant_type=authorization_code&code=x", 400, "unsupported_grant_type");
    assertError("grant_type=password&grant_type=client_credentials", 400, "invalid_request");
    assertError("username=" + username, 400, "invalid_request");
    assertError("grant_type=refresh_token&refresh_token=made-up", 400, "invalid_grant");
    assertError("", 400, "invalid_request");
    assertError("grant_type=password&username=a%00b&password=whatever", 400, "invalid_request");
    assertError(
        "grant_type=password&username=x&password=y&client_id=someone-else", 401, "invalid_client");
    try (Http1ClientResponse res =
        http.post("/auth/token")
            .header(HeaderNames.CONTENT_TYPE, "text/plain")
            .submit("grant_type=password")) {
      assertThat(res.status().code()).isEqualTo(400);
      assertThat(json(res).get("error").asText()).isEqualTo("invalid_request");
    }
  }

  @Test
  void onlyAdminsRegisterAndRemoveClients() throws Exception {
    String customer = register(AUTH.unique("heidi"), "heidi's long password");
    Tokens customerTokens =
        success(
            request(
                null,
                new ResourceOwnerPasswordCredentialsGrant(
                    customer, new Secret("heidi's long password"))));
    Tokens admin =
        success(
            request(
                null,
                new ResourceOwnerPasswordCredentialsGrant(
                    AUTH.admin, new Secret(TestAuth.ADMIN_PASSWORD))));
    String clientId = AUTH.unique("batch");
    String body = "{\"clientId\":\"" + clientId + "\",\"roles\":[\"admin\"]}";

    assertThat(postClient(body, null)).isEqualTo(401);
    assertThat(postClient(body, customerTokens)).isEqualTo(403);
    assertThat(postClient("{\"clientId\":\"X\",\"roles\":[\"root\"]}", admin)).isEqualTo(422);
    Secret secret = new Secret(registerClient(admin, clientId, List.of("admin")));
    assertThat(postClient(body, admin)).isEqualTo(409);

    try (Http1ClientResponse res =
        http.delete("/auth/clients/" + clientId)
            .header(HeaderNames.AUTHORIZATION, "Bearer " + admin.getAccessToken().getValue())
            .request()) {
      assertThat(res.status().code()).isEqualTo(204);
    }
    assertThat(
            failure(
                    request(
                        new ClientSecretBasic(new ClientID(clientId), secret),
                        new ClientCredentialsGrant()),
                    401)
                .getErrorObject()
                .getCode())
        .as("a removed client")
        .isEqualTo("invalid_client");
  }

  private int postClient(String body, Tokens caller) {
    var request = http.post("/auth/clients").header(HeaderNames.CONTENT_TYPE, "application/json");
    if (caller != null) {
      request.header(HeaderNames.AUTHORIZATION, "Bearer " + caller.getAccessToken().getValue());
    }
    try (Http1ClientResponse res = request.submit(body)) {
      return res.status().code();
    }
  }

  private TokenRequest request(ClientAuthentication client, AuthorizationGrant grant)
      throws Exception {
    URI endpoint =
        AuthorizationServerMetadata.resolve(new Issuer(AUTH.issuer)).getTokenEndpointURI();
    return client == null
        ? new TokenRequest(endpoint, FIRST_PARTY, grant)
        : new TokenRequest(endpoint, client, grant);
  }

  private static Tokens success(TokenRequest request) throws Exception {
    TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
    assertThat(response.indicatesSuccess())
        .as(() -> response.toErrorResponse().getErrorObject().toString())
        .isTrue();
    AccessTokenResponse ok = response.toSuccessResponse();
    assertThat(ok.getTokens().getAccessToken().getType().getValue()).isEqualTo("Bearer");
    assertThat(ok.getTokens().getAccessToken().getLifetime()).isEqualTo(900);
    return ok.getTokens();
  }

  private static TokenErrorResponse failure(TokenRequest request, int status) throws Exception {
    HTTPResponse http = request.toHTTPRequest().send();
    assertThat(http.getStatusCode()).isEqualTo(status);
    assertThat(http.getHeaderValue("Cache-Control")).isEqualTo("no-store");
    TokenResponse response = TokenResponse.parse(http);
    assertThat(response.indicatesSuccess()).isFalse();
    return response.toErrorResponse();
  }

  private void assertError(String body, int status, String error) {
    try (Http1ClientResponse res =
        http.post("/auth/token")
            .header(HeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
            .submit(body)) {
      assertThat(res.status().code()).as(body).isEqualTo(status);
      JsonNode answer = json(res);
      assertThat(answer.get("error").asText()).as(body).isEqualTo(error);
      assertThat(answer.get("error_description").asText()).isNotBlank();
    }
  }

  private String register(String username, String password) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("username", username)
            .put("password", password)
            .toString();
    try (Http1ClientResponse res =
        http.post("/auth/users")
            .header(HeaderNames.CONTENT_TYPE, "application/json")
            .submit(body)) {
      assertThat(res.status().code()).isEqualTo(201);
    }
    return username.toLowerCase();
  }

  private String registerClient(Tokens admin, String clientId, List<String> roles) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("clientId", clientId)
            .set("roles", Json.mapper().valueToTree(roles))
            .toString();
    try (Http1ClientResponse res =
        http.post("/auth/clients")
            .header(HeaderNames.CONTENT_TYPE, "application/json")
            .header(HeaderNames.AUTHORIZATION, "Bearer " + admin.getAccessToken().getValue())
            .submit(body)) {
      assertThat(res.status().code()).isEqualTo(201);
      return json(res).get("clientSecret").asText();
    }
  }

  private static JsonNode json(Http1ClientResponse res) {
    try {
      return Json.mapper().readTree(res.as(String.class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
