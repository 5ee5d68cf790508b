package dev.orderly.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.api.v1alpha1.Scaler;
import dev.orderly.operator.model.Autoscaling;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BacklogScalerTest {

  private static final Autoscaling BOUNDS =
      new Autoscaling("inventory.order-events", 1, 5, 100, Duration.ofSeconds(60), Scaler.Operator);
  private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

  private final BacklogScaler scaler = new BacklogScaler();

  @Test
  void scalesUpAtOnceToThePodsTheBacklogNeeds() {
    ScaleDecision decision = scaler.decide(BOUNDS, 1, backlog(250), T0);

    assertThat(decision.replicas()).isEqualTo(3);
    assertThat(decision.direction()).isEqualTo("up");
    assertThat(decision.reason()).isEqualTo("backlog 250 at 100 per pod needs 3 pods");
  }

  @Test
  void countsInFlightMessagesAsBacklog() {
    // A pod's prefetch window holds what it has not finished; that is work waiting too.
    assertThat(scaler.decide(BOUNDS, 1, new QueueSample(50, 160, 1, 0, 0), T0).replicas())
        .isEqualTo(3);
  }

  @Test
  void neverLeavesTheBounds() {
    assertThat(scaler.decide(BOUNDS, 1, backlog(100_000), T0).replicas()).isEqualTo(5);
    assertThat(new BacklogScaler().decide(BOUNDS, 9, backlog(100_000), T0).replicas()).isEqualTo(5);
    assertThat(new BacklogScaler().decide(BOUNDS, 0, backlog(0), T0).replicas()).isEqualTo(1);
  }

  @Test
  void holdsWhileTheBacklogIsNotDrainedEvenWhenItWouldFitFewerPods() {
    scaler.decide(BOUNDS, 1, backlog(450), T0);

    ScaleDecision decision = scaler.decide(BOUNDS, 5, backlog(150), T0.plusSeconds(120));

    assertThat(decision.scales()).isFalse();
    assertThat(decision.reason())
        .isEqualTo("backlog 150 at 100 per pod is not drained; holding 5 pods");
  }

  @Test
  void scalesDownOnlyAfterTheBacklogHasFittedFewerPodsForTheWholeWindow() {
    scaler.decide(BOUNDS, 1, backlog(450), T0);
    ScaleDecision drained = scaler.decide(BOUNDS, 5, backlog(0), T0.plusSeconds(15));
    assertThat(drained.scales()).as("the burst is inside the window").isFalse();
    assertThat(drained.reason())
        .isEqualTo(
            "backlog 0 at 100 per pod is drained; holding 5 pods until it has fitted fewer for 60s");

    assertThat(scaler.decide(BOUNDS, 5, backlog(40), T0.plusSeconds(45)).scales()).isFalse();
    ScaleDecision held = scaler.decide(BOUNDS, 5, backlog(0), T0.plusSeconds(70));
    assertThat(held.scales())
        .as("at the window's start (10 s) the last reading was still the 450 of 0 s")
        .isFalse();
    assertThat(held.reason())
        .isEqualTo("backlog 0 at 100 per pod is drained, but needed 5 pods within the last 60s");
    ScaleDecision down = scaler.decide(BOUNDS, 5, backlog(0), T0.plusSeconds(76));
    assertThat(down.replicas()).isEqualTo(1);
    assertThat(down.direction()).isEqualTo("down");
  }

  @Test
  void stepsDownToTheLargestNeedWithinTheWindow() {
    scaler.decide(BOUNDS, 1, backlog(0), T0);
    scaler.decide(BOUNDS, 5, backlog(180), T0.plusSeconds(30));

    ScaleDecision decision = scaler.decide(BOUNDS, 5, backlog(0), T0.plusSeconds(75));

    assertThat(decision.replicas()).isEqualTo(2);
    assertThat(decision.reason()).isEqualTo("backlog 0 at 100 per pod has fitted 2 for 60s");
  }

  @Test
  void aNewScalerWaitsAWholeWindowBeforeItsFirstScaleDown() {
    // A new leader knows no history: what it cannot see, it does not assume was quiet.
    ScaleDecision first = scaler.decide(BOUNDS, 4, backlog(0), T0);
    assertThat(first.scales()).isFalse();
    assertThat(first.reason())
        .isEqualTo(
            "backlog 0 at 100 per pod is drained; holding 4 pods until it has fitted fewer for 60s");

    assertThat(scaler.decide(BOUNDS, 4, backlog(0), T0.plusSeconds(30)).scales()).isFalse();
    assertThat(scaler.decide(BOUNDS, 4, backlog(0), T0.plusSeconds(60)).replicas()).isEqualTo(1);
  }

  @Test
  void aPauseBetweenBurstsDoesNotFlap() {
    int replicas = 1;
    int changes = 0;
    for (int second = 0; second < 600; second += 15) {
      // 45 s bursts of 300 waiting messages, 30 s apart.
      long backlog = (second % 75) < 45 ? 300 : 0;
      ScaleDecision decision =
          scaler.decide(BOUNDS, replicas, backlog(backlog), T0.plusSeconds(second));
      changes += decision.scales() ? 1 : 0;
      replicas = decision.replicas();
    }
    assertThat(changes).as("one scale-up, then held through the pauses").isEqualTo(1);
    assertThat(replicas).isEqualTo(3);
  }

  private static QueueSample backlog(long ready) {
    return new QueueSample(ready, 0, 1, 0, 0);
  }
}
