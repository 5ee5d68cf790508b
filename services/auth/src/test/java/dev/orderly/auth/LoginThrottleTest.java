package dev.orderly.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(5, 20, Duration.ofMinutes(5), clock);

  @Test
  void locksAUsernameAfterFiveFailuresUntilTheWindowEnds() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("alice", "10.0.0." + i);
    }
    assertThat(throttle.blockedFor("alice", "10.0.0.9")).isEmpty();
    throttle.failed("alice", "10.0.0.5");
    clock.advance(Duration.ofSeconds(60));
    assertThat(throttle.blockedFor("alice", "10.0.0.9")).contains(Duration.ofMinutes(4));
    assertThat(throttle.blockedFor("bob", "10.0.0.9")).isEmpty();
    clock.advance(Duration.ofMinutes(4));
    assertThat(throttle.blockedFor("alice", "10.0.0.9")).isEmpty();
  }

  @Test
  void locksAClientThatTriesManyUsernames() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("user" + i, "10.1.1.1");
    }
    assertThat(throttle.blockedFor("someone-new", "10.1.1.1")).isPresent();
    assertThat(throttle.blockedFor("someone-new", "10.1.1.2")).isEmpty();
  }

  @Test
  void aSuccessfulLoginClearsTheUsernamesFailures() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("carol", "10.2.2.2");
    }
    throttle.succeeded("carol");
    throttle.failed("carol", "10.2.2.2");
    assertThat(throttle.blockedFor("carol", "10.2.2.3")).isEmpty();
  }
}
