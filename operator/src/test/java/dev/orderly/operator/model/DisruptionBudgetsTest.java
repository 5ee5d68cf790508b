package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.fixtures.Models;
import org.junit.jupiter.api.Test;

/** Budgets: for services running more than one pod, and for each managed store's single pod. */
class DisruptionBudgetsTest {

  private final PlatformModel platform = Models.minimal();

  @Test
  void servicesWithSeveralPodsGetABudgetAllowingOneDisruption() {
    var budget = platform.gateway().generatePodDisruptionBudget().orElseThrow();

    assertThat(budget.getMetadata().getName()).isEqualTo("shop-gateway");
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(platform.gateway().labels().selector());
    assertThat(platform.orders().generatePodDisruptionBudget()).isPresent();
  }

  @Test
  void aManagedStoresPodIsKeptThroughDrainsUntilMovedDeliberately() {
    var budget = platform.postgres().generatePodDisruptionBudget();

    assertThat(budget.getMetadata().getName()).isEqualTo("shop-postgres");
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isZero();
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .containsEntry(Labels.NAME, "postgres");
    assertThat(platform.rabbitmq().generatePodDisruptionBudget().getMetadata().getName())
        .isEqualTo("shop-rabbitmq");
  }

  @Test
  void aSinglePodGetsNoBudgetSinceItWouldBlockEveryDrain() {
    assertThat(platform.auth().replicas()).isEqualTo(1);
    assertThat(platform.auth().generatePodDisruptionBudget()).isEmpty();
    assertThat(platform.inventory().generatePodDisruptionBudget()).isEmpty();
  }
}
