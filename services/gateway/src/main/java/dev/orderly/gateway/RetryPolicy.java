package dev.orderly.gateway;

import java.util.Set;

/**
 * Which requests may be sent again after a failed attempt: idempotent methods, and a POST that
 * carries an {@code Idempotency-Key} (the upstream deduplicates it). Never any other POST or PATCH.
 */
public final class RetryPolicy {

  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

  private RetryPolicy() {}

  /** Whether a request with {@code method} may be retried. */
  public static boolean isRetryable(String method, boolean hasIdempotencyKey) {
    return IDEMPOTENT.contains(method) || (method.equals("POST") && hasIdempotencyKey);
  }
}
