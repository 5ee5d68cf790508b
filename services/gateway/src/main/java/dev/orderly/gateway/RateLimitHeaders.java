package dev.orderly.gateway;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** The IETF {@code RateLimit-*} response header names. */
final class RateLimitHeaders {

  static final HeaderName LIMIT = HeaderNames.create("RateLimit-Limit");
  static final HeaderName REMAINING = HeaderNames.create("RateLimit-Remaining");
  static final HeaderName RESET = HeaderNames.create("RateLimit-Reset");

  private RateLimitHeaders() {}
}
