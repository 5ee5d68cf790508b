package dev.orderly.operator.model;

import dev.orderly.contracts.Durations;
import dev.orderly.operator.api.v1alpha1.AutoscalingSpec;
import dev.orderly.operator.api.v1alpha1.Scaler;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Backlog autoscaling of one consumer service, validated and defaulted.
 *
 * @param queue the queue whose backlog the replicas follow
 * @param minReplicas fewest pods
 * @param maxReplicas most pods
 * @param targetBacklogPerReplica messages one pod is expected to absorb
 * @param scaleDownStabilization how long the backlog must have fitted fewer pods before scaling
 *     down
 * @param scaler who moves the replicas
 */
public record Autoscaling(
    String queue,
    int minReplicas,
    int maxReplicas,
    int targetBacklogPerReplica,
    Duration scaleDownStabilization,
    Scaler scaler) {

  public static final int DEFAULT_MIN_REPLICAS = 1;
  public static final int DEFAULT_MAX_REPLICAS = 5;
  public static final int DEFAULT_TARGET_BACKLOG_PER_REPLICA = 100;
  public static final String DEFAULT_SCALE_DOWN_STABILIZATION = "60s";
  private static final Pattern DURATION = Pattern.compile(Durations.PATTERN);

  /**
   * The autoscaling of the spec section at {@code field}, empty when the section has none.
   *
   * @throws InvalidSpecException naming the first field that cannot be used
   */
  static Optional<Autoscaling> fromSpec(
      String field, AutoscalingSpec spec, String queue, RabbitMqModel rabbitmq) {
    if (spec == null) {
      return Optional.empty();
    }
    int min = spec.minReplicas() == null ? DEFAULT_MIN_REPLICAS : spec.minReplicas();
    int max = spec.maxReplicas() == null ? DEFAULT_MAX_REPLICAS : spec.maxReplicas();
    int target =
        spec.targetBacklogPerReplica() == null
            ? DEFAULT_TARGET_BACKLOG_PER_REPLICA
            : spec.targetBacklogPerReplica();
    String window =
        spec.scaleDownStabilization() == null
            ? DEFAULT_SCALE_DOWN_STABILIZATION
            : spec.scaleDownStabilization();
    Scaler scaler = spec.scaler() == null ? Scaler.Operator : spec.scaler();
    if (min < 1 || max > Replicas.MAX) {
      throw new InvalidSpecException(field, "replicas must be between 1 and " + Replicas.MAX);
    }
    if (max < min) {
      throw new InvalidSpecException(
          field + ".maxReplicas", "must be greater than or equal to minReplicas");
    }
    if (target < 1) {
      throw new InvalidSpecException(field + ".targetBacklogPerReplica", "must be at least 1");
    }
    if (!DURATION.matcher(window).matches()) {
      throw new InvalidSpecException(
          field + ".scaleDownStabilization",
          "must be a duration such as 60s or PT1M, got " + window);
    }
    if (scaler != Scaler.External && !rabbitmq.isManaged()) {
      // Its management API is where a backlog is read; an external broker's is not ours to hand
      // out.
      throw new InvalidSpecException(
          field + ".scaler",
          scaler
              + " needs the platform's own RabbitMQ; with an external broker use scaler: External (an HPA or KEDA)");
    }
    return Optional.of(new Autoscaling(queue, min, max, target, Durations.parse(window), scaler));
  }

  /** Whether KEDA moves the replicas, from the ScaledObject the operator writes. */
  public boolean byKeda() {
    return scaler == Scaler.Keda;
  }

  /** Whether the operator moves the replicas (rather than an HPA or KEDA). */
  public boolean byOperator() {
    return scaler == Scaler.Operator;
  }

  /** {@code replicas} brought within the bounds. */
  public int bounded(int replicas) {
    return Math.clamp(replicas, minReplicas, maxReplicas);
  }
}
