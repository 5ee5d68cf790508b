package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.fixtures.Models;
import org.junit.jupiter.api.Test;

/** A PodDisruptionBudget exists only for services running more than one pod. */
class DisruptionBudgetsTest {

  private final PlatformModel platform = Models.minimal();

  @Test
  void servicesWithSeveralPodsGetABudgetAllowingOneDisruption() {
    var budget = platform.gateway().generatePodDisruptionBudget().orElseThrow();

    assertThat(budget.getMetadata().getName()).isEqualTo("shop-gateway");
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(platform.gateway().labels().selector());
    assertThat(platform.orders().generatePodDisruptionBudget()).isPresent();
  }

  @Test
  void aSinglePodGetsNoBudgetSinceItWouldBlockEveryDrain() {
    assertThat(platform.auth().replicas()).isEqualTo(1);
    assertThat(platform.auth().generatePodDisruptionBudget()).isEmpty();
    assertThat(platform.inventory().generatePodDisruptionBudget()).isEmpty();
  }
}
