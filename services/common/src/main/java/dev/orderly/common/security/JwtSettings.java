package dev.orderly.common.security;

import dev.orderly.common.config.Settings;
import java.net.URI;
import java.time.Duration;

/**
 * Where the verification keys are and what a valid access token must say.
 *
 * @param jwksUrl            the auth service's JWKS ({@code auth.jwks.url}, env {@code AUTH_JWKS_URL})
 * @param issuer             required {@code iss} ({@code auth.issuer}, default {@code orderly})
 * @param audience           required member of {@code aud} ({@code auth.audience}, default {@code orderly})
 * @param clockSkew          tolerance on {@code exp} / {@code nbf}
 * @param jwksRefreshInterval how long fetched keys are used before they are fetched again
 * @param jwksMinRefetchInterval shortest time between two fetches caused by unknown key ids
 */
public record JwtSettings(URI jwksUrl, String issuer, String audience, Duration clockSkew,
                          Duration jwksRefreshInterval, Duration jwksMinRefetchInterval) {

    /** Default JWKS location: the auth service on this machine. */
    public static final String DEFAULT_JWKS_URL = "http://127.0.0.1:8083/.well-known/jwks.json";

    /** Reads {@code auth.*}. */
    public static JwtSettings from(Settings settings) {
        return new JwtSettings(
                URI.create(settings.string("auth.jwks.url", DEFAULT_JWKS_URL)),
                settings.string("auth.issuer", "orderly"),
                settings.string("auth.audience", "orderly"),
                settings.duration("auth.clock.skew", "30s"),
                settings.duration("auth.jwks.refresh", "5m"),
                settings.duration("auth.jwks.min.refetch", "5s"));
    }

    /** Settings with the defaults for everything but the URL (tests). */
    public static JwtSettings of(URI jwksUrl, String issuer, String audience) {
        return new JwtSettings(jwksUrl, issuer, audience, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(5));
    }
}
