package dev.orderly.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RSA keys from PEM text: PKCS#8 private keys and X.509 (SubjectPublicKeyInfo) public keys.
 */
final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private Pem() {}

  /** The RSA private key of the first {@code PRIVATE KEY} block. */
  static RSAPrivateCrtKey privateKey(String pem) {
    for (Block b : blocks(pem)) {
      if (b.type().equals("PRIVATE KEY")) {
        try {
          return (RSAPrivateCrtKey)
              KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(b.der()));
        } catch (GeneralSecurityException | ClassCastException e) {
          throw new IllegalArgumentException("the signing key is not an RSA PKCS#8 private key", e);
        }
      }
      if (b.type().equals("RSA PRIVATE KEY")) {
        throw new IllegalArgumentException(
            "the signing key is PKCS#1; convert it to PKCS#8: "
                + "openssl pkcs8 -topk8 -nocrypt -in key.pem");
      }
    }
    throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' block in the signing key");
  }

  /** The RSA public keys of every {@code PUBLIC KEY} block, in order. */
  static List<RSAPublicKey> publicKeys(String pem) {
    List<RSAPublicKey> keys = new ArrayList<>();
    for (Block b : blocks(pem)) {
      if (b.type().equals("PUBLIC KEY")) {
        try {
          keys.add(
              (RSAPublicKey)
                  KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(b.der())));
        } catch (GeneralSecurityException | ClassCastException e) {
          throw new IllegalArgumentException("a verification key is not an RSA public key", e);
        }
      }
    }
    return keys;
  }

  /** PEM text of a public key. */
  static String encodePublic(RSAPublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** PEM text of a private key (PKCS#8). */
  static String encodePrivate(java.security.PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static List<Block> blocks(String pem) {
    // Environment variables sometimes carry literal "\n" instead of line breaks.
    String text = pem.replace("\\n", "\n");
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(
          new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""))));
    }
    return blocks;
  }

  private record Block(String type, byte[] der) {}
}
