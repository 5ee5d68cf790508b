package dev.orderly.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Mints RS256 JWT access tokens (RFC 9068) for users and registered clients. */
public final class TokenIssuer {

  private final SigningKeys keys;
  private final JWSSigner signer;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Clock clock;

  public TokenIssuer(SigningKeys keys, String issuer, String audience, Duration ttl, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    this.clock = clock;
    try {
      this.signer = new RSASSASigner(keys.signing());
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key", e);
    }
  }

  /** Lifetime of the tokens. */
  public Duration ttl() {
    return ttl;
  }

  /** The issuer URL the tokens name. */
  public String issuer() {
    return issuer;
  }

  /** A signed access token for {@code user}, obtained through {@code clientId}. */
  public String issue(User user, String clientId) {
    return sign(
        new JWTClaimsSet.Builder()
            .subject(user.id().toString())
            .claim("preferred_username", user.username())
            .claim("roles", user.roles()),
        clientId);
  }

  /**
   * A signed access token for {@code client} itself (client_credentials): its id is the subject.
   */
  public String issue(Client client) {
    return sign(
        new JWTClaimsSet.Builder().subject(client.clientId()).claim("roles", client.roles()),
        client.clientId());
  }

  private String sign(JWTClaimsSet.Builder claims, String clientId) {
    Instant now = clock.instant();
    claims
        .issuer(issuer)
        .audience(audience)
        .claim("client_id", clientId)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString());
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(keys.signing().getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }
}
