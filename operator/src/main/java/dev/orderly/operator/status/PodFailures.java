package dev.orderly.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Why pods are failing, in the words Kubernetes uses (CrashLoopBackOff, ImagePullBackOff,
 * Unschedulable).
 */
public final class PodFailures {

  /**
   * Waiting reasons that do not go away without a change: the pod is failing, not just starting.
   */
  public static final Set<String> FAILING_WAITING_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  public static final String UNSCHEDULABLE = "Unschedulable";

  private PodFailures() {}

  /**
   * One line per failing pod, e.g. {@code pod shop-orders-7d9f: CrashLoopBackOff (back-off 5m0s
   * ...)}.
   */
  public static List<String> describe(Collection<Pod> pods) {
    List<String> failures = new ArrayList<>();
    for (Pod pod : pods) {
      reason(pod)
          .ifPresent(reason -> failures.add("pod " + pod.getMetadata().getName() + ": " + reason));
    }
    return failures;
  }

  /** The failure of one pod, if it has one. */
  public static Optional<String> reason(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    Optional<String> waiting =
        Stream.concat(
                statuses(pod.getStatus().getInitContainerStatuses()),
                statuses(pod.getStatus().getContainerStatuses()))
            .filter(status -> status.getState() != null && status.getState().getWaiting() != null)
            .map(status -> status.getState().getWaiting())
            .filter(state -> FAILING_WAITING_REASONS.contains(state.getReason()))
            .map(state -> withDetail(state.getReason(), state.getMessage()))
            .findFirst();
    if (waiting.isPresent()) {
      return waiting;
    }
    return conditions(pod.getStatus().getConditions())
        .filter(condition -> "PodScheduled".equals(condition.getType()))
        .filter(
            condition ->
                "False".equals(condition.getStatus())
                    && UNSCHEDULABLE.equals(condition.getReason()))
        .map(condition -> withDetail(UNSCHEDULABLE, condition.getMessage()))
        .findFirst();
  }

  private static String withDetail(String reason, String detail) {
    return detail == null || detail.isBlank() ? reason : reason + " (" + detail + ")";
  }

  private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
    return statuses == null ? Stream.empty() : statuses.stream();
  }

  private static Stream<PodCondition> conditions(List<PodCondition> conditions) {
    return conditions == null ? Stream.empty() : conditions.stream();
  }
}
