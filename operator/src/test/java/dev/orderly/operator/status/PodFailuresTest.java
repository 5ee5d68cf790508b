package dev.orderly.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pod failure reasons come out in Kubernetes' words, with the pod's name. */
class PodFailuresTest {

  @Test
  void reportsAContainerInCrashLoopBackOff() {
    assertThat(
            PodFailures.describe(
                List.of(
                    waiting(
                        "shop-orders-1",
                        "CrashLoopBackOff",
                        "back-off 5m0s restarting failed container"))))
        .containsExactly(
            "pod shop-orders-1: CrashLoopBackOff (back-off 5m0s restarting failed container)");
  }

  @Test
  void reportsAnImageThatCannotBePulled() {
    assertThat(PodFailures.reason(waiting("shop-auth-1", "ImagePullBackOff", null)))
        .contains("ImagePullBackOff");
  }

  @Test
  void reportsAnUnschedulablePod() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("shop-gateway-1")
            .endMetadata()
            .withNewStatus()
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/3 nodes are available: 3 Insufficient cpu.")
            .endCondition()
            .endStatus()
            .build();

    assertThat(PodFailures.reason(pod))
        .contains("Unschedulable (0/3 nodes are available: 3 Insufficient cpu.)");
  }

  @Test
  void aContainerStillCreatingIsNotFailing() {
    assertThat(PodFailures.reason(waiting("shop-auth-1", "ContainerCreating", null))).isEmpty();
    assertThat(
            PodFailures.reason(
                new PodBuilder().withNewMetadata().withName("p").endMetadata().build()))
        .isEmpty();
  }

  static Pod waiting(String name, String reason, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .addNewContainerStatus()
        .withName("c")
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
