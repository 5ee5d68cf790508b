package dev.orderly.auth;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a token request identifies its client (RFC 6749 section 2.3): HTTP Basic ({@code
 * client_secret_basic}), {@code client_id} and {@code client_secret} in the form ({@code
 * client_secret_post}), a {@code client_id} alone (a public client), or nothing.
 *
 * @param clientId the client's id; empty when none was sent
 * @param secret its secret; empty for a public client
 * @param basic whether they came in an {@code Authorization: Basic} header
 */
public record ClientCredentials(Optional<String> clientId, Optional<String> secret, boolean basic) {

  /** Reads the client's credentials from the request; a malformed or twice-sent one is an error. */
  public static ClientCredentials of(Headers headers, Parameters form) {
    Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
    Optional<String> formId = TokenForm.optional(form, "client_id");
    Optional<String> formSecret = TokenForm.optional(form, "client_secret");
    if (authorization.isPresent()) {
      if (formSecret.isPresent()) {
        throw OAuthException.invalidRequest(
            "send the client's credentials once: Basic or form, not both");
      }
      ClientCredentials basic = basic(authorization.get());
      if (formId.isPresent() && !formId.equals(basic.clientId())) {
        throw OAuthException.invalidRequest("client_id differs from the Basic credentials");
      }
      return basic;
    }
    if (formSecret.isPresent() && formId.isEmpty()) {
      throw OAuthException.invalidRequest("client_secret without client_id");
    }
    return new ClientCredentials(formId, formSecret, false);
  }

  private static ClientCredentials basic(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw OAuthException.invalidClient("client authentication must use the Basic scheme", true);
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidClient("malformed Basic credentials", true);
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw OAuthException.invalidClient("malformed Basic credentials", true);
    }
    // RFC 6749 section 2.3.1: both parts are form-urlencoded before they are joined.
    return new ClientCredentials(
        Optional.of(urlDecode(decoded.substring(0, colon))),
        Optional.of(urlDecode(decoded.substring(colon + 1))),
        true);
  }

  private static String urlDecode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthException.invalidClient("malformed Basic credentials", true);
    }
  }

  /** Whether a secret was presented (a confidential client claims to be calling). */
  public boolean confidential() {
    return secret.isPresent();
  }

  @Override
  public String toString() {
    return "ClientCredentials[clientId=" + clientId + ", basic=" + basic + "]";
  }
}
