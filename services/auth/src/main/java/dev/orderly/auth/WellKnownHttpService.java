package dev.orderly.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orderly.common.http.Json;
import dev.orderly.common.security.IssuerKeys;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /.well-known}: the public keys that verify our tokens ({@code jwks.json}, RFC 7517) and
 * the authorization server metadata ({@code oauth-authorization-server}, RFC 8414) that lets a
 * client or a resource server configure itself from the issuer URL alone.
 */
public final class WellKnownHttpService implements HttpService {

  /** The token endpoint and the JWKS, relative to the issuer URL. */
  static final String TOKEN_PATH = "/token";

  static final String JWKS_PATH = "/.well-known/jwks.json";

  private final byte[] jwks;
  private final byte[] metadata;

  public WellKnownHttpService(SigningKeys keys, String issuer) {
    // toString() of a JWKSet publishes public keys only
    this.jwks = keys.jwks().toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
    try {
      this.metadata = Json.mapper().writeValueAsBytes(metadata(issuer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The RFC 8414 document of {@code issuer}. */
  static Map<String, Object> metadata(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("token_endpoint", base + TOKEN_PATH);
    document.put("jwks_uri", base + JWKS_PATH);
    document.put(
        "grant_types_supported", List.of("password", "client_credentials", "refresh_token"));
    // No authorization endpoint: no response type is supported.
    document.put("response_types_supported", List.of());
    document.put(
        "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "none"));
    return document;
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .get(
            "/jwks.json",
            (req, res) ->
                res.header(HeaderNames.CONTENT_TYPE, "application/jwk-set+json")
                    .header(HeaderNames.CACHE_CONTROL, "public, max-age=300")
                    .send(jwks))
        .get(
            IssuerKeys.METADATA_PATH.substring("/.well-known".length()),
            (req, res) ->
                res.header(HeaderNames.CONTENT_TYPE, "application/json")
                    .header(HeaderNames.CACHE_CONTROL, "public, max-age=300")
                    .send(metadata));
  }
}
