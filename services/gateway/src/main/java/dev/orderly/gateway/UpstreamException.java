package dev.orderly.gateway;

import dev.orderly.common.http.Problem;

/** An upstream could not give an answer; carries the problem the gateway answers with. */
public final class UpstreamException extends RuntimeException {

  /** Why. */
  public enum Kind {
    CIRCUIT_OPEN,
    BULKHEAD_FULL,
    TIMEOUT,
    UNREACHABLE
  }

  private final Kind kind;
  private final String upstream;
  private final long retryAfterSeconds;

  public UpstreamException(Kind kind, String upstream, long retryAfterSeconds, Throwable cause) {
    super(upstream + ": " + kind, cause);
    this.kind = kind;
    this.upstream = upstream;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }

  /** Seconds after which trying again makes sense, 0 when unknown. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * The problem+json answer: 503 for an open circuit or a full bulkhead, 504 for a timeout, else
   * 502.
   */
  public Problem problem() {
    return switch (kind) {
      case CIRCUIT_OPEN ->
          Problem.of(
              "upstream-unavailable",
              "Service unavailable",
              503,
              "the " + upstream + " service is failing; its circuit is open");
      case BULKHEAD_FULL ->
          Problem.of(
              "upstream-overloaded",
              "Service unavailable",
              503,
              "too many concurrent requests to the " + upstream + " service");
      case TIMEOUT ->
          Problem.of(
              "upstream-timeout",
              "Gateway timeout",
              504,
              "the " + upstream + " service did not answer in time");
      case UNREACHABLE ->
          Problem.of(
              "upstream-unreachable",
              "Bad gateway",
              502,
              "the " + upstream + " service cannot be reached");
    };
  }
}
