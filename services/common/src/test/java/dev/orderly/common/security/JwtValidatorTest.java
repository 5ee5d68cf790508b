package dev.orderly.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.orderly.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final JwtSettings SETTINGS = JwtSettings.of("https://auth.test/auth", "orderly");
  private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  private static RSAKey key;
  private static RSAKey otherKey;

  private final List<RSAKey> published = new ArrayList<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final MutableClock clock = new MutableClock(NOW);
  private final JwtValidator validator =
      validator(
          SETTINGS,
          () -> {
            fetches.incrementAndGet();
            return new JWKSet(published.stream().map(k -> (JWK) k.toPublicJWK()).toList());
          });

  @BeforeAll
  static void keys() throws Exception {
    key = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    otherKey = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
  }

  @Test
  void acceptsAValidTokenAndReturnsTheCaller() throws Exception {
    published.add(key);
    Principal p =
        validator.validate(
            sign(
                key,
                c ->
                    c.claim("roles", List.of("customer", "admin"))
                        .claim("preferred_username", "alice")));
    assertThat(p.subject()).isEqualTo("user-1");
    assertThat(p.username()).isEqualTo("alice");
    assertThat(p.hasRole("admin")).isTrue();
    assertThat(validator.validateAuthorization("Bearer " + sign(key, c -> {})).roles()).isEmpty();
  }

  @Test
  void rejectsAForgedSignature() throws Exception {
    published.add(key);
    // signed by a key that is not published, but claiming the published key's id
    String forged = signAs(otherKey, key.getKeyID());
    assertInvalid(forged, "invalid signature");
  }

  @Test
  void rejectsExpiredTokensBeyondTheSkewButToleratesSmallSkew() throws Exception {
    published.add(key);
    String expired20sAgo = sign(key, c -> c.expirationTime(Date.from(NOW.minusSeconds(20))));
    assertThat(validator.validate(expired20sAgo).subject()).isEqualTo("user-1");
    assertInvalid(
        sign(key, c -> c.expirationTime(Date.from(NOW.minusSeconds(31)))), "token expired");
    assertInvalid(
        sign(key, c -> c.notBeforeTime(Date.from(NOW.plusSeconds(60)))), "token not yet valid");
    assertInvalid(sign(key, c -> c.expirationTime(null)), "token has no expiry");
  }

  @Test
  void rejectsWrongIssuerAndAudience() throws Exception {
    published.add(key);
    assertInvalid(sign(key, c -> c.issuer("someone-else")), "wrong issuer");
    assertInvalid(sign(key, c -> c.audience("another-api")), "wrong audience");
  }

  @Test
  void rejectsAlgNoneAndHmacTokens() throws Exception {
    published.add(key);
    String none =
        new PlainJWT(
                new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims(c -> {}).build())
            .serialize();
    assertThatThrownBy(() -> validator.validate(none)).isInstanceOf(InvalidTokenException.class);
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).type(AT_JWT).build(),
            claims(c -> {}).build());
    hs.sign(new MACSigner(new byte[32]));
    assertInvalid(hs.serialize(), "unsupported algorithm HS256");
    assertInvalid("not.a.token", "malformed token");
    assertThatThrownBy(() -> validator.validateAuthorization("Basic abc"))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void refetchesTheKeysOnAnUnknownKeyIdButNotForEveryMadeUpOne() throws Exception {
    published.add(key);
    validator.validate(sign(key, c -> {}));
    assertThat(fetches).hasValue(1);

    // rotation: a new key is published and used right away
    published.add(otherKey);
    assertThat(validator.validate(sign(otherKey, c -> {})).subject()).isEqualTo("user-1");
    assertThat(fetches).hasValue(2);

    // made-up key ids do not cause a fetch each: two per minimum interval (5 s) at most
    for (int i = 0; i < 20; i++) {
      assertInvalid(signAs(key, "made-up-" + i), "unknown signing key");
    }
    assertThat(fetches).hasValue(2);
    assertThat(validator.validate(sign(key, c -> {})).subject()).isEqualTo("user-1");
  }

  @Test
  void onlyAccessTokensAreAccepted() throws Exception {
    published.add(key);
    assertInvalid(signTyped(null), "not an access token: typ must be at+jwt");
    assertInvalid(signTyped(JOSEObjectType.JWT), "not an access token: typ must be at+jwt");
    assertThat(validator.validate(signTyped(new JOSEObjectType("application/at+jwt"))).subject())
        .isEqualTo("user-1");
  }

  @Test
  void aRememberedTokenStillExpires() throws Exception {
    published.add(key);
    String token = sign(key, c -> c.expirationTime(Date.from(NOW.plusSeconds(60))));
    assertThat(validator.validate(token).subject()).isEqualTo("user-1");
    clock.advance(Duration.ofSeconds(80)); // within the 30 s skew
    assertThat(validator.validate(token).subject()).isEqualTo("user-1");
    clock.advance(Duration.ofSeconds(20));
    assertInvalid(token, "token expired");
  }

  @Test
  void aRememberedTokenIsRefusedOnceItsKeyLeavesTheJwks() throws Exception {
    published.add(key);
    String token = sign(key, c -> {});
    validator.validate(token);

    // rotation: the old key is withdrawn, and a token signed with the new one makes the service
    // refetch
    published.clear();
    published.add(otherKey);
    validator.validate(sign(otherKey, c -> {}));

    assertInvalid(token, "unknown signing key");
  }

  @Test
  void keepsKnownKeysWhenTheJwksCannotBeFetched() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    JwtSettings refreshAlways =
        new JwtSettings(
            SETTINGS.issuer(),
            Optional.empty(),
            SETTINGS.audience(),
            SETTINGS.clockSkew(),
            Duration.ofMillis(20),
            Duration.ofMillis(1));
    JwtValidator flaky =
        validator(
            refreshAlways,
            () -> {
              if (calls.incrementAndGet() > 1) {
                throw new JWKSetUnavailableException("auth is down", null);
              }
              return new JWKSet(key.toPublicJWK());
            });
    flaky.validate(sign(key, c -> {}));
    Thread.sleep(30); // the keys are due for a refresh, which fails
    assertThat(flaky.validate(sign(key, c -> c.jwtID("another"))).subject()).isEqualTo("user-1");
    assertThat(calls).hasValue(2);
  }

  private JwtValidator validator(JwtSettings settings, Fetch fetch) {
    JWKSetSource<SecurityContext> source =
        new JWKSetSource<>() {
          @Override
          public JWKSet getJWKSet(
              JWKSetCacheRefreshEvaluator refresh, long now, SecurityContext context)
              throws KeySourceException {
            return fetch.jwks();
          }

          @Override
          public void close() {}
        };
    return new JwtValidator(settings, IssuerKeys.over(source, settings), clock);
  }

  /** What the issuer's JWKS endpoint answers. */
  @FunctionalInterface
  private interface Fetch {
    JWKSet jwks() throws KeySourceException;
  }

  private String signTyped(JOSEObjectType type) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(),
            claims(c -> {}).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private void assertInvalid(String token, String reason) {
    assertThatThrownBy(() -> validator.validate(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessage(reason);
  }

  private String signAs(RSAKey signingKey, String kid) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(AT_JWT).build(),
            claims(c -> {}).build());
    jwt.sign(new RSASSASigner(signingKey));
    return jwt.serialize();
  }

  private String sign(RSAKey signingKey, Consumer<JWTClaimsSet.Builder> customize)
      throws Exception {
    JWTClaimsSet.Builder claims = claims(customize);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(signingKey.getKeyID())
                .type(AT_JWT)
                .build(),
            claims.build());
    jwt.sign(new RSASSASigner(signingKey));
    return jwt.serialize();
  }

  private JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> customize) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(SETTINGS.issuer())
            .audience("orderly")
            .subject("user-1")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)));
    customize.accept(b);
    return b;
  }
}
