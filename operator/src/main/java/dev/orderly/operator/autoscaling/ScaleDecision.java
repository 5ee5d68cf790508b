package dev.orderly.operator.autoscaling;

/**
 * What the backlog scaler decided for one consumer.
 *
 * @param replicas pods to run from now
 * @param previous pods it ran before
 * @param reason the decision and its inputs, for the status and the Event
 */
public record ScaleDecision(int replicas, int previous, String reason) {

  /** Whether the replicas change. */
  public boolean scales() {
    return replicas != previous;
  }

  /** {@code up}, {@code down} or {@code none}. */
  public String direction() {
    return replicas > previous ? "up" : (replicas < previous ? "down" : "none");
  }
}
