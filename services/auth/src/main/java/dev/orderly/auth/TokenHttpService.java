package dev.orderly.auth;

import dev.orderly.common.http.Json;
import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemException;
import dev.orderly.common.http.ProblemResponses;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /auth/token}, the token endpoint of RFC 6749: a form-encoded request with {@code
 * grant_type} {@code password} (first-party clients: the user's own username and password), {@code
 * client_credentials} (registered clients: services, scripts) or {@code refresh_token} (rotating:
 * each refresh token is good once). Errors are RFC 6749 section 5.2 JSON. A JSON body with {@code
 * username} and {@code password} is still answered as before, with problem+json errors.
 *
 * <p>A failure never tells whether the user or client exists: the same answer, and a hash is
 * verified either way (against a dummy hash for unknown ones) so the timing is the same too.
 * Failures are counted per username or client id and per client address ({@link LoginThrottle}).
 */
public final class TokenHttpService implements HttpService {

  private final AuthService.Components c;
  private final String dummyHash;

  public TokenHttpService(AuthService.Components components) {
    this.c = components;
    this.dummyHash = components.hasher().hash(UUID.randomUUID().toString());
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::token);
  }

  /** Answers an {@link OAuthException} as RFC 6749 section 5.2 says. */
  public static void answer(ServerRequest req, ServerResponse res, OAuthException e) {
    noStore(res);
    if (e.basicChallenge()) {
      res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"orderly\", charset=\"UTF-8\"");
    }
    if (e.retryAfterSeconds() > 0) {
      res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
    Json.send(
        res,
        Status.create(e.status()),
        Map.of("error", e.error(), "error_description", e.getMessage()));
  }

  private void token(ServerRequest req, ServerResponse res) {
    Optional<HttpMediaType> type = req.headers().contentType();
    if (type.isPresent() && type.get().test(MediaTypes.APPLICATION_JSON)) {
      jsonLogin(req, res);
      return;
    }
    if (type.isEmpty() || !type.get().test(MediaTypes.APPLICATION_FORM_URLENCODED)) {
      throw OAuthException.invalidRequest(
          "a token request is application/x-www-form-urlencoded (RFC 6749)");
    }
    Parameters form =
        req.content().hasEntity() ? req.content().as(Parameters.class) : Parameters.empty("form");
    ClientCredentials client = ClientCredentials.of(req.headers(), form);
    String grant = TokenForm.required(form, "grant_type");
    Map<String, Object> body =
        switch (grant) {
          case "password" -> password(req, form, firstPartyClient(req, client));
          case "refresh_token" -> refresh(form, firstPartyClient(req, client));
          case "client_credentials" -> clientCredentials(req, client);
          default -> throw OAuthException.unsupportedGrantType(grant);
        };
    noStore(res);
    Json.send(res, Status.OK_200, body);
  }

  private Map<String, Object> password(ServerRequest req, Parameters form, String clientId) {
    String username = TokenForm.required(form, "username").trim().toLowerCase(Locale.ROOT);
    String password = TokenForm.required(form, "password");
    if (username.length() > 256 || password.length() > Credentials.MAX_PASSWORD) {
      throw OAuthException.invalidRequest("'username' or 'password' is too long");
    }
    User user =
        switch (login(username, password, ClientAddress.of(req, c.trustForwarded()))) {
          case Login.Accepted accepted -> accepted.user();
          case Login.Throttled throttled ->
              throw OAuthException.throttled("invalid_grant", throttled.seconds());
          case Login.Refused refused ->
              throw OAuthException.invalidGrant("invalid username or password");
        };
    return tokens(
        c.issuer().issue(user, clientId),
        c.refreshTokens().issue(new RefreshTokens.Holder(user.id(), clientId)));
  }

  private Map<String, Object> refresh(Parameters form, String clientId) {
    RefreshTokens.Rotated rotated =
        c.refreshTokens().rotate(TokenForm.required(form, "refresh_token"), clientId);
    // Roles are read again: a refresh gives a token with the user's roles of now.
    User user =
        c.users()
            .findById(rotated.holder().userId())
            .orElseThrow(
                () -> OAuthException.invalidGrant("the refresh token's user no longer exists"));
    outcome("issued");
    return tokens(c.issuer().issue(user, clientId), rotated.token());
  }

  private Map<String, Object> clientCredentials(ServerRequest req, ClientCredentials presented) {
    if (!presented.confidential()) {
      throw OAuthException.invalidClient(
          "client_credentials needs the client's id and secret", false);
    }
    Client client = authenticate(req, presented);
    outcome("issued");
    // No refresh token (RFC 6749 section 4.4.3): the client asks again with its secret.
    return tokens(c.issuer().issue(client), null);
  }

  /**
   * The client a password or refresh grant runs under: a confidential client that authenticates, or
   * the public first-party client, which has no secret.
   */
  private String firstPartyClient(ServerRequest req, ClientCredentials presented) {
    if (presented.confidential()) {
      return authenticate(req, presented).clientId();
    }
    String id = presented.clientId().orElse(c.publicClientId());
    if (!id.equals(c.publicClientId())) {
      throw OAuthException.invalidClient("client '" + id + "' must authenticate", false);
    }
    return id;
  }

  private Client authenticate(ServerRequest req, ClientCredentials presented) {
    String id = presented.clientId().orElseThrow();
    String key = "client:" + id;
    String address = ClientAddress.of(req, c.trustForwarded());
    Optional<Duration> blocked = c.throttle().blockedFor(key, address);
    if (blocked.isPresent()) {
      outcome("throttled");
      throw OAuthException.throttled("invalid_client", seconds(blocked.get()));
    }
    Optional<Client> client = id.length() > 64 ? Optional.empty() : c.clients().find(id);
    boolean valid =
        c.hasher()
            .verify(
                presented.secret().orElseThrow(), client.map(Client::secretHash).orElse(dummyHash));
    if (client.isEmpty() || !valid) {
      c.throttle().failed(key, address);
      outcome("rejected");
      throw OAuthException.invalidClient("invalid client credentials", presented.basic());
    }
    c.throttle().succeeded(key);
    return client.get();
  }

  /** The JSON form: {@code {"username", "password"}} for an access token, problem+json errors. */
  private void jsonLogin(ServerRequest req, ServerResponse res) {
    Credentials credentials = Json.read(req, Credentials.class).requireBoth();
    switch (login(
        credentials.normalizedUsername(),
        credentials.password(),
        ClientAddress.of(req, c.trustForwarded()))) {
      case Login.Accepted accepted -> {
        noStore(res);
        Json.send(
            res,
            Status.OK_200,
            tokens(c.issuer().issue(accepted.user(), c.publicClientId()), null));
      }
      case Login.Throttled throttled -> {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(throttled.seconds()));
        ProblemResponses.send(
            res,
            Problem.of(
                "too-many-attempts",
                "Too many attempts",
                429,
                "too many failed logins; try again in " + throttled.seconds() + " s"));
      }
      case Login.Refused refused ->
          throw new ProblemException(
              Problem.of(
                  "invalid-credentials",
                  "Invalid credentials",
                  401,
                  "invalid username or password"));
    }
  }

  /** Checks a user's password, within the throttle's limits. */
  private Login login(String username, String password, String address) {
    Optional<Duration> blocked = c.throttle().blockedFor(username, address);
    if (blocked.isPresent()) {
      outcome("throttled");
      return new Login.Throttled(seconds(blocked.get()));
    }
    Optional<User> user = c.users().findByUsername(username);
    boolean valid = c.hasher().verify(password, user.map(User::passwordHash).orElse(dummyHash));
    if (user.isEmpty() || !valid) {
      c.throttle().failed(username, address);
      outcome("rejected");
      return new Login.Refused();
    }
    c.throttle().succeeded(username);
    outcome("issued");
    return new Login.Accepted(user.get());
  }

  /** What a password check came to. */
  private sealed interface Login {
    record Accepted(User user) implements Login {}

    record Refused() implements Login {}

    record Throttled(long seconds) implements Login {}
  }

  private Map<String, Object> tokens(String accessToken, String refreshToken) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", accessToken);
    body.put("token_type", "Bearer");
    body.put("expires_in", c.issuer().ttl().toSeconds());
    if (refreshToken != null) {
      body.put("refresh_token", refreshToken);
    }
    return body;
  }

  private static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private static void noStore(ServerResponse res) {
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.header(HeaderNames.PRAGMA, "no-cache");
  }

  private static void outcome(String outcome) {
    Metrics.globalRegistry()
        .getOrCreate(
            Counter.builder("orderly_auth_token_requests_total")
                .tags(Metrics.tags("outcome", outcome)))
        .increment();
  }
}
