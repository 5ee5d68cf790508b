package dev.orderly.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.orderly.common.config.Settings;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Validates RS256 JWT access tokens (RFC 9068) of the configured issuer.
 *
 * <p>Keys come from the issuer's JWKS through {@link IssuerKeys} (Nimbus's JWK source: cached,
 * refreshed, rate limited). Only {@code RS256} is accepted: {@code alg: none}, HMAC algorithms (the
 * classic "sign with the public key" attack) and everything else are refused before any key is
 * looked at. The header's {@code typ} must be {@code at+jwt}, so an ID token or any other JWT
 * signed by the same keys is no access token. {@code iss} must equal, and {@code aud} must contain,
 * the configured values; {@code exp} and {@code sub} are required; {@code exp} and {@code nbf} are
 * checked with the configured clock skew. Thread-safe.
 *
 * <p>A token whose signature was verified is remembered (by its exact text, for at most {@link
 * #VERIFIED_TTL}), so a client's next requests with it skip the RSA verification: the gateway and
 * each service see the same token on every request. A remembered token is still checked against the
 * clock ({@code exp}, {@code nbf}) and against the current keys, so it stops being accepted when it
 * expires or when its key leaves the JWKS.
 */
public final class JwtValidator {

  /** How long a verified token is remembered; its own expiry still applies. */
  static final Duration VERIFIED_TTL = Duration.ofMinutes(5);

  /** The {@code typ} of an access token (RFC 9068 section 2.1), and its long form. */
  private static final Set<JOSEObjectType> ACCESS_TOKEN_TYPES =
      Set.of(new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"));

  private final JwtSettings settings;
  private final JWKSource<SecurityContext> keys;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> signatures = new DefaultJWTProcessor<>();
  private final Cache<String, Verified> verified;

  public JwtValidator(JwtSettings settings, JWKSource<SecurityContext> keys, Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
    signatures.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    // The header type is checked before, the claims after, both here: with this clock and
    // messages a caller can act on.
    signatures.setJWSTypeVerifier((type, context) -> {});
    signatures.setJWTClaimsSetVerifier((claims, context) -> {});
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(4_096)
            .expireAfterWrite(VERIFIED_TTL)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** A validator for the configured issuer, audience and keys ({@code auth.*}). */
  public static JwtValidator create(Settings settings) {
    JwtSettings jwt = JwtSettings.from(settings);
    return new JwtValidator(jwt, IssuerKeys.of(jwt), Clock.systemUTC());
  }

  /**
   * Validates an {@code Authorization} header value ({@code Bearer <token>}).
   *
   * @throws InvalidTokenException when the header is not a bearer token or the token is not valid
   */
  public Principal validateAuthorization(String authorizationHeader) throws InvalidTokenException {
    String token = bearerToken(authorizationHeader);
    if (token == null) {
      throw new InvalidTokenException("the Authorization header must be 'Bearer <token>'");
    }
    return validate(token);
  }

  /** The token of a {@code Bearer} authorization header, or null when it is not one. */
  public static String bearerToken(String authorizationHeader) {
    if (authorizationHeader == null
        || authorizationHeader.length() < 8
        || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorizationHeader.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /**
   * Validates a compact serialized access token.
   *
   * @return the caller it names
   * @throws InvalidTokenException naming the reason, fit to show the caller
   */
  public Principal validate(String token) throws InvalidTokenException {
    if (token.length() > 8192) {
      throw new InvalidTokenException("token too long");
    }
    Verified known = verified.getIfPresent(token);
    if (known != null && isCurrent(known.kid())) {
      checkTimes(known.expiresAt(), known.notBefore());
      return known.principal();
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new InvalidTokenException("unsupported algorithm " + jwt.getHeader().getAlgorithm());
    }
    JOSEObjectType type = jwt.getHeader().getType();
    if (type == null || !ACCESS_TOKEN_TYPES.contains(type)) {
      throw new InvalidTokenException("not an access token: typ must be at+jwt");
    }
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || kid.isBlank()) {
      throw new InvalidTokenException("token has no key id");
    }
    JWTClaimsSet claims;
    try {
      claims = signatures.process(jwt, null);
    } catch (BadJWSException e) {
      throw new InvalidTokenException("invalid signature", e);
    } catch (BadJOSEException | KeySourceException e) {
      // No such key in the JWKS, or no JWKS to be had (logged by the key source's refreshes).
      throw new InvalidTokenException("unknown signing key", e);
    } catch (JOSEException e) {
      throw new InvalidTokenException("invalid signature", e);
    }
    try {
      Principal principal = checkClaims(claims);
      verified.put(
          token,
          new Verified(
              principal,
              kid,
              claims.getExpirationTime().toInstant(),
              claims.getNotBeforeTime() == null ? null : claims.getNotBeforeTime().toInstant()));
      return principal;
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed claims");
    }
  }

  private Principal checkClaims(JWTClaimsSet claims) throws InvalidTokenException, ParseException {
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new InvalidTokenException("wrong issuer");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(settings.audience())) {
      throw new InvalidTokenException("wrong audience");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new InvalidTokenException("token has no expiry");
    }
    Date nbf = claims.getNotBeforeTime();
    checkTimes(exp.toInstant(), nbf == null ? null : nbf.toInstant());
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new InvalidTokenException("token has no subject");
    }
    List<String> roles = claims.getStringListClaim("roles");
    String username = claims.getStringClaim("preferred_username");
    return new Principal(
        subject,
        username == null ? subject : username,
        roles == null ? Set.of() : Set.copyOf(roles));
  }

  private void checkTimes(Instant expiresAt, Instant notBefore) throws InvalidTokenException {
    Instant now = clock.instant();
    if (!expiresAt.plus(settings.clockSkew()).isAfter(now)) {
      throw new InvalidTokenException("token expired");
    }
    if (notBefore != null && notBefore.minus(settings.clockSkew()).isAfter(now)) {
      throw new InvalidTokenException("token not yet valid");
    }
  }

  /** True when the issuer's current keys (refreshed when due) still hold {@code kid}. */
  private boolean isCurrent(String kid) {
    try {
      return !keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null)
          .isEmpty();
    } catch (KeySourceException e) {
      return false;
    }
  }

  /** A token that passed every check, and what must be checked again on each use. */
  private record Verified(Principal principal, String kid, Instant expiresAt, Instant notBefore) {}
}
