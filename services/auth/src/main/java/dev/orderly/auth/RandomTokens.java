package dev.orderly.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable strings (256 random bits, base64url): client secrets and refresh tokens. */
final class RandomTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomTokens() {}

  /** A new one. */
  static String next() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
