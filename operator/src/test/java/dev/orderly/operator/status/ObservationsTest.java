package dev.orderly.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workloads and pods become observed components. */
class ObservationsTest {

  private final Deployment orders = Models.minimal().orders().generateDeployment();

  @Test
  void aDeploymentIsReadyOnlyOnceItsControllerSawTheLatestSpecAndEveryPodIsReady() {
    orders.getMetadata().setGeneration(2L);
    orders.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(1L)
            .withUpdatedReplicas(2)
            .withReadyReplicas(2)
            .build());
    assertThat(WorkloadReadiness.isReady(orders)).as("stale observedGeneration").isFalse();

    orders.getStatus().setObservedGeneration(2L);
    assertThat(WorkloadReadiness.isReady(orders)).isTrue();

    orders.getStatus().setReadyReplicas(1);
    assertThat(WorkloadReadiness.isReady(orders)).isFalse();
  }

  @Test
  void aDeploymentMidRollIsNotReadyWhileAnOldPodIsLeftEvenThoughTheOldPodsCountAsReady() {
    orders.getMetadata().setGeneration(2L);
    // maxSurge 1: the new pods exist, the old one still serves and is counted in readyReplicas.
    orders.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(2L)
            .withReplicas(3)
            .withUpdatedReplicas(2)
            .withReadyReplicas(2)
            .build());
    assertThat(WorkloadReadiness.isReady(orders)).isFalse();

    orders.getStatus().setReplicas(2);
    assertThat(WorkloadReadiness.isReady(orders)).isTrue();
  }

  @Test
  void anAutoscaledDeploymentGrowingOrShrinkingIsReadyWithItsMinimumButAnOldPodStillHoldsIt() {
    orders.getMetadata().setGeneration(3L);
    orders.getSpec().setReplicas(4);
    // Scaled from 1 to 4 pods of the same template: three still starting.
    orders.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(3L)
            .withReplicas(4)
            .withUpdatedReplicas(4)
            .withReadyReplicas(1)
            .build());
    assertThat(WorkloadReadiness.isReady(orders, 1)).isTrue();
    assertThat(WorkloadReadiness.isReady(orders))
        .as("with a fixed count every pod counts")
        .isFalse();
    assertThat(WorkloadReadiness.isReady(orders, 2)).isFalse();

    // A rollout of an autoscaled service: an old pod left is a rollout still going, whatever the
    // minimum.
    orders.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(3L)
            .withReplicas(5)
            .withUpdatedReplicas(4)
            .withReadyReplicas(5)
            .build());
    assertThat(WorkloadReadiness.isReady(orders, 1)).isFalse();
  }

  @Test
  void takesTheFailuresOfTheWorkloadsOwnPodsOnly() {
    Pod ordersPod =
        labelled(PodFailuresTest.waiting("shop-orders-1", "CrashLoopBackOff", null), "orders");
    Pod authPod =
        labelled(PodFailuresTest.waiting("shop-auth-1", "ImagePullBackOff", null), "auth");

    var observed =
        Observations.ofDeployment(Component.ORDERS, 2, 2, orders, List.of(ordersPod, authPod));

    assertThat(observed.failures()).containsExactly("pod shop-orders-1: CrashLoopBackOff");
    assertThat(observed.isReady()).isFalse();
    assertThat(observed.version()).isEqualTo("0.1.0");
  }

  @Test
  void aMissingWorkloadIsNotReady() {
    var observed = Observations.ofDeployment(Component.GATEWAY, 2, 2, null, List.of());

    assertThat(observed.exists()).isFalse();
    assertThat(observed.isReady()).isFalse();
    assertThat(observed.summary()).isEqualTo("gateway (missing)");
  }

  private static Pod labelled(Pod pod, String component) {
    return new PodBuilder(pod)
        .editMetadata()
        .addToLabels("app.kubernetes.io/name", component)
        .addToLabels("app.kubernetes.io/instance", Models.NAME)
        .endMetadata()
        .build();
  }
}
