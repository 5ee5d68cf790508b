package dev.orderly.gateway;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket per client (bucket4j): {@code burst} tokens, refilled at {@code
 * requestsPerSecond}. Buckets idle long enough to be full again are dropped.
 */
public final class RateLimiter {

  private static final int SWEEP_EVERY = 4096;

  private final long requestsPerSecond;
  private final long burst;
  private final TimeMeter time;
  private final long idleNanos;
  private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  public RateLimiter(long requestsPerSecond, long burst, TimeMeter time) {
    if (requestsPerSecond <= 0 || burst <= 0) {
      throw new IllegalArgumentException("rate limit needs requestsPerSecond > 0 and burst > 0");
    }
    this.requestsPerSecond = requestsPerSecond;
    this.burst = burst;
    this.time = time;
    this.idleNanos =
        Duration.ofSeconds(60 + (burst + requestsPerSecond - 1) / requestsPerSecond).toNanos();
  }

  public RateLimiter(long requestsPerSecond, long burst) {
    this(requestsPerSecond, burst, TimeMeter.SYSTEM_NANOTIME);
  }

  /**
   * The answer for one request.
   *
   * @param allowed whether it may go on
   * @param limit the bucket's capacity ({@code RateLimit-Limit})
   * @param remaining tokens left ({@code RateLimit-Remaining})
   * @param resetSeconds seconds until the bucket is full again ({@code RateLimit-Reset})
   * @param retryAfterSeconds when refused: seconds until a token is available ({@code Retry-After})
   */
  public record Decision(
      boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

  /** Takes a token from {@code client}'s bucket. */
  public Decision tryAcquire(String client) {
    if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep();
    }
    Entry entry =
        buckets.computeIfAbsent(
            client,
            k ->
                new Entry(
                    Bucket.builder()
                        .addLimit(
                            limit ->
                                limit
                                    .capacity(burst)
                                    .refillGreedy(requestsPerSecond, Duration.ofSeconds(1)))
                        .withCustomTimePrecision(time)
                        .build()));
    entry.lastUsed = time.currentTimeNanos();
    ConsumptionProbe probe = entry.bucket.tryConsumeAndReturnRemaining(1);
    long reset = ceilSeconds(probe.getNanosToWaitForReset());
    if (probe.isConsumed()) {
      return new Decision(true, burst, probe.getRemainingTokens(), reset, 0);
    }
    return new Decision(
        false, burst, 0, reset, Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
  }

  /** Clients currently tracked. */
  int tracked() {
    return buckets.size();
  }

  void sweep() {
    long now = time.currentTimeNanos();
    buckets.values().removeIf(e -> now - e.lastUsed > idleNanos);
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }

  private static final class Entry {
    final Bucket bucket;
    volatile long lastUsed;

    Entry(Bucket bucket) {
      this.bucket = bucket;
    }
  }
}
