package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gateway's decisions, without a server. */
class GatewayUnitTest {

  @Test
  void rateLimiterGivesABurstThenRefusesWithHeadersValuesAndRefills() {
    AtomicLong nanos = new AtomicLong();
    TimeMeter clock =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanos.get();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    RateLimiter limiter = new RateLimiter(2, 5, clock);
    for (int i = 4; i >= 0; i--) {
      RateLimiter.Decision d = limiter.tryAcquire("alice");
      assertThat(d.allowed()).isTrue();
      assertThat(d.limit()).isEqualTo(5);
      assertThat(d.remaining()).isEqualTo(i);
    }
    RateLimiter.Decision refused = limiter.tryAcquire("alice");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1); // one token every 0.5 s
    assertThat(refused.resetSeconds()).isEqualTo(3); // 5 tokens at 2/s: 2.5 s -> 3
    assertThat(limiter.tryAcquire("bob").allowed()).as("clients have their own buckets").isTrue();

    nanos.addAndGet(500_000_000L);
    assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
    assertThat(limiter.tryAcquire("alice").allowed()).isFalse();

    nanos.addAndGet(120_000_000_000L);
    limiter.sweep();
    assertThat(limiter.tracked()).as("idle full buckets are dropped").isZero();
  }

  @Test
  void securityHeadersOnEveryAnswerAndNoStoreOnTheApi() {
    var api = SecurityHeaders.forPath("/api/orders", false);
    assertThat(api)
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("X-Frame-Options", "DENY")
        .containsEntry("Referrer-Policy", "no-referrer")
        .containsEntry("Cache-Control", "no-store")
        .doesNotContainKey("Strict-Transport-Security");
    assertThat(api.get("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(SecurityHeaders.forPath("/api/orders", true))
        .containsKey("Strict-Transport-Security");
    assertThat(SecurityHeaders.forPath("/openapi", false)).doesNotContainKey("Cache-Control");
  }

  @Test
  void pathMapping() {
    assertThat(RouteTable.map("/api/orders/42"))
        .contains(new RouteTable.Target("orders", "/orders/42"));
    assertThat(RouteTable.map("/api/orders")).contains(new RouteTable.Target("orders", "/orders"));
    assertThat(RouteTable.map("/api/orders/42/timeline"))
        .contains(new RouteTable.Target("orders", "/orders/42/timeline"));
    assertThat(RouteTable.map("/api/inventory/products"))
        .contains(new RouteTable.Target("inventory", "/products"));
    assertThat(RouteTable.map("/api/inventory/products/kettle/stock"))
        .contains(new RouteTable.Target("inventory", "/products/kettle/stock"));
    assertThat(RouteTable.map("/api/auth/token"))
        .contains(new RouteTable.Target("auth", "/auth/token"));
    assertThat(RouteTable.map("/api/auth/.well-known/jwks.json"))
        .contains(new RouteTable.Target("auth", "/.well-known/jwks.json"));
    assertThat(RouteTable.map("/api/ordersX")).isEmpty();
    assertThat(RouteTable.map("/api/unknown/x")).isEmpty();
    assertThat(RouteTable.map("/api/inventory/../admin")).isEmpty();
    assertThat(RouteTable.map("/api/inventory/%2e%2e/admin")).isEmpty();
  }

  @Test
  void publicRoutesNeedNoToken() {
    assertThat(RouteTable.isPublic("POST", "/api/auth/token")).isTrue();
    assertThat(RouteTable.isPublic("GET", "/api/inventory/products")).isTrue();
    assertThat(RouteTable.isPublic("GET", "/api/inventory/products/kettle")).isTrue();
    assertThat(RouteTable.isPublic("POST", "/api/inventory/products")).isFalse();
    assertThat(RouteTable.isPublic("PUT", "/api/inventory/products/kettle/stock")).isFalse();
    assertThat(RouteTable.isPublic("GET", "/api/orders/1")).isFalse();
  }

  @Test
  void corsAllowsOnlyListedOrigins() {
    CorsPolicy cors = new CorsPolicy(List.of("https://shop.example"));
    assertThat(cors.allowOrigin("https://shop.example")).contains("https://shop.example");
    assertThat(cors.allowOrigin("https://evil.example")).isEmpty();
    assertThat(cors.allowOrigin(null)).isEmpty();
    assertThat(cors.allowsMethod("PUT")).isTrue();
    assertThat(cors.allowsMethod("TRACE")).isFalse();
    assertThat(new CorsPolicy(List.of()).allowOrigin("https://shop.example")).isEmpty();
    assertThat(new CorsPolicy(List.of("*")).allowOrigin("http://localhost:3000"))
        .contains("http://localhost:3000");
  }

  @Test
  void retriesOnlyIdempotentRequests() {
    assertThat(RetryPolicy.isRetryable("GET", false)).isTrue();
    assertThat(RetryPolicy.isRetryable("HEAD", false)).isTrue();
    assertThat(RetryPolicy.isRetryable("PUT", false)).isTrue();
    assertThat(RetryPolicy.isRetryable("DELETE", false)).isTrue();
    assertThat(RetryPolicy.isRetryable("POST", false)).isFalse();
    assertThat(RetryPolicy.isRetryable("POST", true)).isTrue();
    assertThat(RetryPolicy.isRetryable("PATCH", true)).isFalse();
  }
}
