package dev.orderly.gateway;

import java.util.List;
import java.util.Optional;

/** The CORS allowlist: which browser origins may call the API, and what a preflight answers. */
public final class CorsPolicy {

  static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
  private static final java.util.Set<String> METHODS = java.util.Set.of(ALLOW_METHODS.split(", "));
  static final String ALLOW_HEADERS =
      "Authorization, Content-Type, Idempotency-Key, X-Correlation-ID, traceparent";
  static final String EXPOSE_HEADERS =
      "Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Correlation-ID";
  static final String MAX_AGE = "600";

  private final List<String> origins;

  public CorsPolicy(List<String> origins) {
    this.origins = List.copyOf(origins);
  }

  /**
   * The {@code Access-Control-Allow-Origin} value for {@code origin}, empty when it is not allowed.
   */
  public Optional<String> allowOrigin(String origin) {
    if (origin == null || origin.isEmpty()) {
      return Optional.empty();
    }
    if (origins.contains(origin) || origins.contains("*")) {
      return Optional.of(origin);
    }
    return Optional.empty();
  }

  /** Whether a preflight may ask for {@code method}. */
  public boolean allowsMethod(String method) {
    return method != null && METHODS.contains(method.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
