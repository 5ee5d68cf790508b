package dev.orderly.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Objects;

/** Whether a Deployment or StatefulSet has rolled out its current spec to all of its pods. */
public final class WorkloadReadiness {

  private WorkloadReadiness() {}

  /**
   * Every desired pod runs the current template and is ready, and no pod of an older template is
   * left (what {@code kubectl rollout status} waits for). During a rolling update readyReplicas
   * still counts the old pods, so it alone would call a rollout done as soon as it started.
   */
  public static boolean isReady(Deployment deployment) {
    return isReady(deployment, desired(deployment));
  }

  /**
   * The same, counting only the first {@code minimumReady} pods: with no pod of an older template
   * left, pods an autoscaler is adding or removing are capacity on the way, not a rollout.
   */
  public static boolean isReady(Deployment deployment, int minimumReady) {
    var status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    boolean noOldPods = Objects.requireNonNullElse(status.getReplicas(), 0) <= updated;
    return noOldPods
        && isRolledOut(
            deployment,
            status.getObservedGeneration(),
            Math.min(minimumReady, desired(deployment)),
            updated,
            status.getReadyReplicas());
  }

  /** Every desired pod runs the current revision and is ready. */
  public static boolean isReady(StatefulSet statefulSet) {
    var status = statefulSet.getStatus();
    if (status == null) {
      return false;
    }
    return isRolledOut(
        statefulSet,
        status.getObservedGeneration(),
        desired(statefulSet),
        status.getUpdatedReplicas(),
        status.getReadyReplicas());
  }

  /** Pods the Deployment asks for (1 when unset, as Kubernetes defaults it). */
  public static int desired(Deployment deployment) {
    return deployment.getSpec() == null
        ? 1
        : Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
  }

  /** Pods the StatefulSet asks for (1 when unset, as Kubernetes defaults it). */
  public static int desired(StatefulSet statefulSet) {
    return statefulSet.getSpec() == null
        ? 1
        : Objects.requireNonNullElse(statefulSet.getSpec().getReplicas(), 1);
  }

  /** Ready pods of the Deployment. */
  public static int ready(Deployment deployment) {
    return deployment.getStatus() == null
        ? 0
        : Objects.requireNonNullElse(deployment.getStatus().getReadyReplicas(), 0);
  }

  /** Ready pods of the StatefulSet. */
  public static int ready(StatefulSet statefulSet) {
    return statefulSet.getStatus() == null
        ? 0
        : Objects.requireNonNullElse(statefulSet.getStatus().getReadyReplicas(), 0);
  }

  private static boolean isRolledOut(
      HasMetadata workload, Long observedGeneration, int desired, Integer updated, Integer ready) {
    Long generation = workload.getMetadata().getGeneration();
    // The controller has not yet seen the latest spec: whatever the counts say is about an older
    // one.
    boolean observedLatest =
        generation == null || (observedGeneration != null && observedGeneration >= generation);
    return observedLatest
        && Objects.requireNonNullElse(updated, 0) >= desired
        && Objects.requireNonNullElse(ready, 0) >= desired;
  }
}
