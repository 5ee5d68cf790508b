package dev.orderly.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from the auth service, the way a client gets them: a customer is registered on
 * first use and logs in once; the admin logs in with the bootstrapped password. Tokens are cached
 * (they live 15 minutes, longer than any test).
 */
final class Tokens {

  private static final String ADMIN = "admin";

  private final String authBase;
  private final String adminPassword;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /**
   * @param authBase where {@code /auth/users} and {@code /auth/token} live (the auth service, or
   *     the gateway's {@code /api})
   * @param adminPassword the bootstrapped admin's password
   */
  Tokens(String authBase, String adminPassword) {
    this.authBase = authBase;
    this.adminPassword = adminPassword;
  }

  /** A token of customer {@code username}, registering the customer first when new. */
  String customer(String username) {
    return cache.computeIfAbsent(
        username,
        name -> {
          SagaClient.Response registered = register(name, password(name));
          if (registered.status() != 201 && registered.status() != 409) {
            throw new AssertionError("registering " + name + " answered " + registered);
          }
          return login(name, password(name));
        });
  }

  /** A token of the bootstrapped admin. */
  String admin() {
    return cache.computeIfAbsent("\0" + ADMIN, k -> login(ADMIN, adminPassword));
  }

  /** The id (token subject) of customer {@code username}. */
  String subject(String username) {
    return JwtClaims.subject(customer(username));
  }

  SagaClient.Response register(String username, String password) {
    return SagaClient.send(
        HttpRequest.newBuilder(URI.create(authBase + "/auth/users"))
            .POST(SagaClient.body(Map.of("username", username, "password", password))),
        Map.of());
  }

  /** An access token by the OAuth 2.0 password grant, as the first-party client. */
  String login(String username, String password) {
    String form =
        "grant_type=password&client_id=orderly&username="
            + encode(username)
            + "&password="
            + encode(password);
    SagaClient.Response r =
        SagaClient.send(
            HttpRequest.newBuilder(URI.create(authBase + "/auth/token"))
                .POST(HttpRequest.BodyPublishers.ofString(form)),
            Map.of("Content-Type", "application/x-www-form-urlencoded"));
    if (r.status() != 200) {
      throw new AssertionError("logging in " + username + " answered " + r);
    }
    return r.body().get("access_token").asText();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A password the rules accept, derived from (but not containing) the name. */
  static String password(String username) {
    return "Pw-" + Integer.toHexString(username.hashCode()) + "-orderly-integration";
  }

  /** Reads a JWT's claims without validating it (the services do that). */
  static final class JwtClaims {
    private JwtClaims() {}

    static String subject(String token) {
      try {
        return com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getSubject();
      } catch (java.text.ParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
  }
}
