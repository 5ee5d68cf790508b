package dev.orderly.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.orderly.common.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs access tokens and the public keys that verify them.
 *
 * <p>The signing key comes from configuration: PEM (PKCS#8) in {@code auth.signing.key} ({@code
 * AUTH_SIGNING_KEY}) or in the file named by {@code AUTH_SIGNING_KEY_FILE}. For a key rotation, the
 * previous (or next) public keys go in {@code auth.verification.keys} ({@code
 * AUTH_VERIFICATION_KEYS}, PEM {@code PUBLIC KEY} blocks): the JWKS publishes them all, only the
 * signing key signs. Key ids are RFC 7638 thumbprints. Only with {@code AUTH_DEV_MODE=true} is a
 * throw-away key generated when none is configured.
 *
 * @param signing the private signing key with its key id
 * @param jwks the public keys to publish, the signing key first
 */
public record SigningKeys(RSAKey signing, JWKSet jwks) {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  /**
   * Loads the keys from {@code settings}; fails when no signing key is configured outside dev mode.
   */
  public static SigningKeys from(Settings settings) {
    String pem = signingKeyPem(settings);
    String file = signingKeyFile(settings);
    if (pem.isEmpty() && !file.isEmpty()) {
      try {
        pem = Files.readString(Path.of(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read AUTH_SIGNING_KEY_FILE " + file, e);
      }
    }
    List<RSAPublicKey> extra = Pem.publicKeys(settings.string("auth.verification.keys", ""));
    if (pem.isEmpty()) {
      if (!settings.bool("auth.dev.mode", false)) {
        throw new IllegalStateException(
            "no signing key: set AUTH_SIGNING_KEY (PEM, PKCS#8) or "
                + "AUTH_SIGNING_KEY_FILE, or AUTH_DEV_MODE=true for a throw-away key");
      }
      LOG.warn(
          "AUTH_DEV_MODE: signing tokens with a generated key; tokens die with this process "
              + "and other replicas cannot verify them. Never use this in production.");
      return of(generate(), extra);
    }
    return of(Pem.privateKey(pem), extra);
  }

  /** The keys for {@code privateKey} plus the extra verification keys. */
  public static SigningKeys of(RSAPrivateCrtKey privateKey, List<RSAPublicKey> verificationKeys) {
    try {
      RSAPublicKey publicKey =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(
                      new RSAPublicKeySpec(
                          privateKey.getModulus(), privateKey.getPublicExponent()));
      if (publicKey.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException(
            "the signing key must be an RSA key of at least 2048 bits");
      }
      RSAKey signing = jwk(new RSAKey.Builder(publicKey).privateKey(privateKey));
      Map<String, JWK> published = new LinkedHashMap<>();
      published.put(signing.getKeyID(), signing.toPublicJWK());
      for (RSAPublicKey key : verificationKeys) {
        RSAKey extra = jwk(new RSAKey.Builder(key));
        published.putIfAbsent(extra.getKeyID(), extra);
      }
      return new SigningKeys(signing, new JWKSet(new ArrayList<>(published.values())));
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("cannot derive the public signing key", e);
    }
  }

  /** A new 2048-bit RSA key (dev mode, tests). */
  public static RSAPrivateCrtKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey jwk(RSAKey.Builder builder) throws JOSEException {
    RSAKey withoutId = builder.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
    return new RSAKey.Builder(withoutId).keyIDFromThumbprint().build();
  }

  private static String signingKeyPem(Settings settings) {
    try {
      return settings.string("auth.signing.key", "").trim();
    } catch (RuntimeException e) {
      return ""; // auth.signing.key is only the parent of auth.signing.key.file
    }
  }

  /**
   * {@code AUTH_SIGNING_KEY_FILE}: read from the environment directly as well, because the key
   * {@code auth.signing.key.file} would sit below the value {@code auth.signing.key}.
   */
  private static String signingKeyFile(Settings settings) {
    String fromConfig = settings.string("auth.signing.key-file", "").trim();
    if (!fromConfig.isEmpty()) {
      return fromConfig;
    }
    String env = System.getenv("AUTH_SIGNING_KEY_FILE");
    return env == null ? "" : env.trim();
  }
}
