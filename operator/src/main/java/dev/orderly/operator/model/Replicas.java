package dev.orderly.operator.model;

import java.util.Optional;

/** Validation of replica counts the schema may leave unset. */
final class Replicas {

  static final int MAX = 100;

  private Replicas() {}

  /**
   * The replicas of a service that may be autoscaled: the scaler's decision within the bounds (the
   * minimum before its first one), or else the fixed count.
   */
  static int of(
      Integer fixed,
      Optional<Autoscaling> autoscaling,
      Integer scaled,
      int defaultValue,
      String field) {
    return autoscaling
        .map(bounds -> bounds.bounded(scaled == null ? bounds.minReplicas() : scaled))
        .orElseGet(() -> orDefault(fixed, defaultValue, field));
  }

  static int orDefault(Integer requested, int defaultValue, String field) {
    int replicas = requested == null ? defaultValue : requested;
    if (replicas < 0 || replicas > MAX) {
      throw new InvalidSpecException(field, "must be between 0 and " + MAX + ", got " + replicas);
    }
    return replicas;
  }
}
