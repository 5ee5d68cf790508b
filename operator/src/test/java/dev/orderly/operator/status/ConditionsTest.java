package dev.orderly.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A condition's lastTransitionTime says when its status last flipped. */
class ConditionsTest {

  private static final Instant FIRST = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
    var first =
        Conditions.next(
            List.of(), Conditions.READY, false, "ComponentsNotReady", "waiting for auth", 1, FIRST);
    var second =
        Conditions.next(
            List.of(first),
            Conditions.READY,
            false,
            "ComponentsNotReady",
            "waiting for orders",
            2,
            LATER);

    assertThat(second.getLastTransitionTime()).isEqualTo(FIRST.toString());
    assertThat(second.getMessage()).isEqualTo("waiting for orders");
    assertThat(second.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusFlips() {
    var first =
        Conditions.next(
            List.of(), Conditions.READY, false, "ComponentsNotReady", "waiting", 1, FIRST);
    var flipped =
        Conditions.next(
            List.of(first), Conditions.READY, true, "AllComponentsReady", "ready", 1, LATER);

    assertThat(flipped.getStatus()).isEqualTo("True");
    assertThat(flipped.getLastTransitionTime()).isEqualTo(LATER.toString());
  }
}
