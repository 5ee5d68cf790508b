package dev.orderly.operator.autoscaling;

import dev.orderly.operator.model.Autoscaling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a consumer's replicas from its queue's backlog: as many pods as hold {@code
 * targetBacklogPerReplica} messages each, within the bounds. Up at once, since a growing backlog is
 * late work; down only when the backlog is drained (under one pod's share) and every reading of the
 * stabilisation window would have fitted fewer pods, so a burst's tail or a pause between bursts
 * does not flap the Deployment.
 *
 * <p>Keeps the recommendations of the window, so one instance serves one component of one platform;
 * JOSDK never reconciles a resource on two threads at once.
 */
public final class BacklogScaler {

  private record Recommendation(Instant at, int replicas) {}

  private final List<Recommendation> recent = new ArrayList<>();

  /** The replicas for {@code current} pods facing {@code sample} at {@code now}. */
  public ScaleDecision decide(Autoscaling bounds, int current, QueueSample sample, Instant now) {
    int target = bounds.targetBacklogPerReplica();
    long backlog = sample.backlog();
    int recommended = bounds.bounded((int) Math.min(Integer.MAX_VALUE, ceilDiv(backlog, target)));
    remember(new Recommendation(now, recommended), now.minus(bounds.scaleDownStabilization()));
    String inputs = "backlog " + backlog + " at " + target + " per pod";

    if (current != bounds.bounded(current)) {
      return new ScaleDecision(
          bounds.bounded(current),
          current,
          "replicas brought within " + bounds.minReplicas() + ".." + bounds.maxReplicas());
    }
    if (recommended > current) {
      return new ScaleDecision(recommended, current, inputs + " needs " + recommended + " pods");
    }
    if (recommended == current) {
      return new ScaleDecision(
          current, current, inputs + " fits " + current + (current == 1 ? " pod" : " pods"));
    }
    if (backlog >= target) {
      return new ScaleDecision(
          current, current, inputs + " is not drained; holding " + current + " pods");
    }
    Duration window = bounds.scaleDownStabilization();
    Duration observed = Duration.between(recent.getFirst().at(), now);
    if (observed.compareTo(window) < 0) {
      return new ScaleDecision(
          current,
          current,
          inputs
              + " is drained; holding "
              + current
              + " pods until it has fitted fewer for "
              + seconds(window));
    }
    int highest = recent.stream().mapToInt(Recommendation::replicas).max().orElse(current);
    if (highest >= current) {
      return new ScaleDecision(
          current,
          current,
          inputs
              + " is drained, but needed "
              + highest
              + " pods within the last "
              + seconds(window));
    }
    return new ScaleDecision(
        highest, current, inputs + " has fitted " + highest + " for " + seconds(window));
  }

  /**
   * Adds a reading, keeping one at or before the window's start so the window's coverage is known.
   */
  private void remember(Recommendation recommendation, Instant windowStart) {
    recent.add(recommendation);
    while (recent.size() > 1 && !recent.get(1).at().isAfter(windowStart)) {
      recent.removeFirst();
    }
  }

  private static long ceilDiv(long dividend, int divisor) {
    return Math.ceilDiv(dividend, (long) divisor);
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }
}
