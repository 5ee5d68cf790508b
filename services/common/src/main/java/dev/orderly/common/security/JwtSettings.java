package dev.orderly.common.security;

import dev.orderly.common.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Whose tokens are valid and where their verification keys are.
 *
 * @param issuer the authorization server's issuer URL: the required {@code iss}, and where its
 *     metadata (RFC 8414) names the JWKS ({@code auth.issuer})
 * @param jwksUrl the JWKS, when it is not to be discovered from the issuer's metadata ({@code
 *     auth.jwks.url}: inside a cluster the issuer is the public URL, the JWKS the service next
 *     door)
 * @param audience required member of {@code aud} ({@code auth.audience}, default {@code orderly})
 * @param clockSkew tolerance on {@code exp} / {@code nbf}
 * @param jwksRefreshInterval how long fetched keys are used before they are fetched again
 * @param jwksMinRefetchInterval shortest time between two fetches (unknown key ids cannot make a
 *     service hammer the authorization server)
 */
public record JwtSettings(
    String issuer,
    Optional<URI> jwksUrl,
    String audience,
    Duration clockSkew,
    Duration jwksRefreshInterval,
    Duration jwksMinRefetchInterval) {

  /** The auth service on this machine, as it names itself by default. */
  public static final String DEFAULT_ISSUER = "http://127.0.0.1:8083/auth";

  /** Reads {@code auth.*}. */
  public static JwtSettings from(Settings settings) {
    String jwks = settings.string("auth.jwks.url", "");
    return new JwtSettings(
        settings.string("auth.issuer", DEFAULT_ISSUER),
        jwks.isBlank() ? Optional.empty() : Optional.of(URI.create(jwks)),
        settings.string("auth.audience", "orderly"),
        settings.duration("auth.clock.skew", "30s"),
        settings.duration("auth.jwks.refresh", "5m"),
        settings.duration("auth.jwks.min.refetch", "5s"));
  }

  /** Settings with the defaults for everything but the issuer and audience (tests). */
  public static JwtSettings of(String issuer, String audience) {
    return new JwtSettings(
        issuer,
        Optional.empty(),
        audience,
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofSeconds(5));
  }
}
