package dev.orderly.common.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orderly.common.security.JwtSettings;
import dev.orderly.common.security.JwtValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** RS256 tokens like the auth service's, signed by a key made for the test or given to it. */
public final class TestTokens {

  public final RSAKey key;
  public final RSAKey stranger;
  private final String issuer;

  /** Tokens of a key made here, issuer {@code orderly}. */
  public TestTokens() {
    this(generate(), "orderly");
  }

  /** Tokens signed with {@code key} (its key id in the header), naming {@code issuer}. */
  public TestTokens(RSAKey key, String issuer) {
    this.key = key;
    this.stranger = generate();
    this.issuer = issuer;
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public JWKSet jwks() {
    return new JWKSet(key.toPublicJWK());
  }

  /** A validator of these tokens (their issuer, audience {@code orderly}), as the services have. */
  public JwtValidator validator() {
    return new JwtValidator(
        JwtSettings.of(issuer, "orderly"), new ImmutableJWKSet<>(jwks()), Clock.systemUTC());
  }

  /** A valid token of {@code subject} with {@code roles}. */
  public String withRoles(String subject, String... roles) {
    return with(subject, c -> c.claim("roles", List.of(roles)));
  }

  /** A valid customer token for {@code subject}. */
  public String valid(String subject) {
    return sign(key, key.getKeyID(), subject, c -> {});
  }

  public String with(String subject, Consumer<JWTClaimsSet.Builder> customize) {
    return sign(key, key.getKeyID(), subject, customize);
  }

  /** Signed by another key, claiming ours. */
  public String forged(String subject) {
    return sign(stranger, key.getKeyID(), subject, c -> {});
  }

  /** An unsigned token ({@code alg: none}). */
  public String algNone(String subject) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
    String payload = b64.encodeToString(claims(subject, c -> {}).build().toString().getBytes());
    return header + "." + payload + ".";
  }

  private String sign(
      RSAKey signer, String kid, String subject, Consumer<JWTClaimsSet.Builder> customize) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(kid)
                  .type(new JOSEObjectType("at+jwt"))
                  .build(),
              claims(subject, customize).build());
      jwt.sign(new RSASSASigner(signer));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JWTClaimsSet.Builder claims(String subject, Consumer<JWTClaimsSet.Builder> customize) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience("orderly")
            .subject(subject)
            .claim("roles", List.of("customer"))
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)));
    customize.accept(b);
    return b;
  }
}
