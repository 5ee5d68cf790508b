package dev.orderly.common.security;

/** An access token that must not be accepted; the message says why (safe to show the caller). */
public final class InvalidTokenException extends Exception {

  public InvalidTokenException(String message) {
    super(message);
  }

  public InvalidTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
