package dev.orderly.auth;

/**
 * A token request refused with an RFC 6749 section 5.2 error: {@code error} and {@code
 * error_description} in a JSON body, 400 unless the client failed to authenticate (401).
 */
public final class OAuthException extends RuntimeException {

  private final String error;
  private final int status;
  private final boolean basicChallenge;
  private final long retryAfterSeconds;

  private OAuthException(
      String error,
      String description,
      int status,
      boolean basicChallenge,
      long retryAfterSeconds) {
    super(description);
    this.error = error;
    this.status = status;
    this.basicChallenge = basicChallenge;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  private OAuthException(String error, String description, int status, boolean basicChallenge) {
    this(error, description, status, basicChallenge, 0);
  }

  /** A missing, repeated or malformed parameter. */
  public static OAuthException invalidRequest(String description) {
    return new OAuthException("invalid_request", description, 400, false);
  }

  /**
   * Wrong credentials, or a refresh token that is unknown, used, revoked, expired or someone
   * else's.
   */
  public static OAuthException invalidGrant(String description) {
    return new OAuthException("invalid_grant", description, 400, false);
  }

  /** Credentials refused for now after too many failures: 429 with {@code Retry-After}. */
  public static OAuthException throttled(String error, long retryAfterSeconds) {
    return new OAuthException(
        error,
        "too many failed attempts; try again in " + retryAfterSeconds + " s",
        429,
        false,
        retryAfterSeconds);
  }

  /**
   * The client failed to authenticate; {@code basic} when it tried HTTP Basic, which the answer
   * then challenges (RFC 6749 section 5.2).
   */
  public static OAuthException invalidClient(String description, boolean basic) {
    return new OAuthException("invalid_client", description, 401, basic);
  }

  /** A grant type this server does not offer. */
  public static OAuthException unsupportedGrantType(String grantType) {
    return new OAuthException(
        "unsupported_grant_type",
        "grant_type '"
            + grantType
            + "' is not supported: use password, client_credentials or refresh_token",
        400,
        false);
  }

  /** The RFC 6749 error code. */
  public String error() {
    return error;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** Seconds for {@code Retry-After}; 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Whether the answer carries {@code WWW-Authenticate: Basic}. */
  public boolean basicChallenge() {
    return basicChallenge;
  }
}
