package dev.orderly.operator.status;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Turns the workloads and pods of a platform into {@link ObservedComponent}s. */
public final class Observations {

  private Observations() {}

  /**
   * A service's Deployment, or null when it does not exist, with the platform's pods; ready with
   * {@code minimumReady} of its pods (see {@link WorkloadReadiness#isReady(Deployment, int)}).
   */
  public static ObservedComponent ofDeployment(
      Component component,
      int desired,
      int minimumReady,
      Deployment deployment,
      Collection<Pod> pods) {
    if (deployment == null) {
      return ObservedComponent.missing(component, desired);
    }
    return existing(
        component,
        deployment,
        WorkloadReadiness.desired(deployment),
        WorkloadReadiness.ready(deployment),
        WorkloadReadiness.isReady(deployment, minimumReady),
        pods);
  }

  /** A data store's StatefulSet, or null when it does not exist, with the platform's pods. */
  public static ObservedComponent ofStatefulSet(
      Component component, StatefulSet statefulSet, Collection<Pod> pods) {
    if (statefulSet == null) {
      return ObservedComponent.missing(component, 1);
    }
    return existing(
        component,
        statefulSet,
        WorkloadReadiness.desired(statefulSet),
        WorkloadReadiness.ready(statefulSet),
        WorkloadReadiness.isReady(statefulSet),
        pods);
  }

  /** A workload that exists, with the failures of the pods it selects. */
  private static ObservedComponent existing(
      Component component,
      HasMetadata workload,
      int desired,
      int ready,
      boolean rolledOut,
      Collection<Pod> pods) {
    return new ObservedComponent(
        component,
        false,
        true,
        desired,
        ready,
        rolledOut,
        versionOf(workload),
        PodFailures.describe(podsOf(workload, pods)));
  }

  private static String versionOf(HasMetadata workload) {
    Map<String, String> labels = workload.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.VERSION);
  }

  /** The pods carrying the workload's name and instance labels, i.e. the ones it selects. */
  private static List<Pod> podsOf(HasMetadata workload, Collection<Pod> pods) {
    Map<String, String> labels = workload.getMetadata().getLabels();
    if (labels == null) {
      return List.of();
    }
    return pods.stream()
        .filter(pod -> Labels.isOf(pod, labels.get(Labels.NAME), labels.get(Labels.INSTANCE)))
        .toList();
  }
}
