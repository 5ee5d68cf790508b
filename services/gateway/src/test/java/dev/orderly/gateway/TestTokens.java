package dev.orderly.gateway;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/** RS256 tokens signed by a key made for the test, like the auth service's. */
final class TestTokens {

  final RSAKey key;
  final RSAKey stranger;

  TestTokens() {
    try {
      key = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
      stranger = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  JWKSet jwks() {
    return new JWKSet(key.toPublicJWK());
  }

  /** A valid customer token for {@code subject}. */
  String valid(String subject) {
    return sign(key, key.getKeyID(), subject, c -> {});
  }

  String with(String subject, Consumer<JWTClaimsSet.Builder> customize) {
    return sign(key, key.getKeyID(), subject, customize);
  }

  /** Signed by another key, claiming ours. */
  String forged(String subject) {
    return sign(stranger, key.getKeyID(), subject, c -> {});
  }

  /** An unsigned token ({@code alg: none}). */
  String algNone(String subject) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
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

  private static JWTClaimsSet.Builder claims(
      String subject, Consumer<JWTClaimsSet.Builder> customize) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer("orderly")
            .audience("orderly")
            .subject(subject)
            .claim("roles", List.of("customer"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)));
    customize.accept(b);
    return b;
  }
}
