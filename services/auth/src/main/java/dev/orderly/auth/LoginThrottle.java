package dev.orderly.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins for one username, or {@code
 * maxFailuresPerClient} from one client address, within {@code window}, further attempts are
 * refused until the window that counted them ends. Usernames that do not exist are counted the same
 * way, so the answers do not tell which users exist. In memory, per replica.
 */
public final class LoginThrottle {

  private static final int MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final int maxFailuresPerClient;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Failures> byUsername = new ConcurrentHashMap<>();
  private final Map<String, Failures> byClient = new ConcurrentHashMap<>();

  public LoginThrottle(int maxFailures, int maxFailuresPerClient, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.maxFailuresPerClient = maxFailuresPerClient;
    this.window = window;
    this.clock = clock;
  }

  /** How long the caller must wait before trying again, or empty when it may try now. */
  public Optional<Duration> blockedFor(String username, String client) {
    Instant now = clock.instant();
    Duration a = wait(byUsername.get(username), maxFailures, now);
    Duration b = wait(byClient.get(client), maxFailuresPerClient, now);
    Duration longest = a.compareTo(b) >= 0 ? a : b;
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  /** Records a failed login. */
  public void failed(String username, String client) {
    Instant now = clock.instant();
    record(byUsername, username, now);
    record(byClient, client, now);
  }

  /** Forgets the username's failures after a successful login (the client's stay counted). */
  public void succeeded(String username) {
    byUsername.remove(username);
  }

  private Duration wait(Failures failures, int max, Instant now) {
    if (failures == null || failures.count() < max) {
      return Duration.ZERO;
    }
    Instant end = failures.since().plus(window);
    return end.isAfter(now) ? Duration.between(now, end) : Duration.ZERO;
  }

  private void record(Map<String, Failures> map, String key, Instant now) {
    if (map.size() > MAX_TRACKED) {
      map.values().removeIf(f -> !f.since().plus(window).isAfter(now));
    }
    map.compute(
        key,
        (k, f) ->
            f == null || !f.since().plus(window).isAfter(now)
                ? new Failures(now, 1)
                : new Failures(f.since(), f.count() + 1));
  }

  private record Failures(Instant since, int count) {}
}
