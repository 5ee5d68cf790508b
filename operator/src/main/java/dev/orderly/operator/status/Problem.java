package dev.orderly.operator.status;

/**
 * Something that keeps the operator from reconciling the platform as asked.
 *
 * @param reason a CamelCase reason for conditions and Events, e.g. {@code ExternalSecretMissing}
 * @param message what is wrong and how to fix it
 * @param fatal true when retrying cannot help until the spec changes (phase Failed), false when the
 *     cluster may fix itself or be fixed (phase Degraded)
 */
public record Problem(String reason, String message, boolean fatal) {

  /** The spec cannot be turned into a platform. */
  public static Problem invalidSpec(String message) {
    return new Problem("InvalidSpec", message, true);
  }

  /** A Secret the spec references is missing or incomplete. */
  public static Problem externalSecret(String message) {
    return new Problem("ExternalSecretMissing", message, false);
  }

  /** A managed store's generated credentials are gone while its data is not. */
  public static Problem credentialsLost(String message) {
    return new Problem("CredentialsLost", message, false);
  }

  /** Reconciling failed, e.g. the API server rejected a child. */
  public static Problem reconcileError(String message) {
    return new Problem("ReconcileError", message, false);
  }
}
