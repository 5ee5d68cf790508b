package dev.orderly.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** One budget per service running more than one pod, and one per managed store. */
public class PodDisruptionBudgetsDependent extends PlatformBulkDependent<PodDisruptionBudget> {

  public PodDisruptionBudgetsDependent() {
    super(ChildKind.of(PodDisruptionBudget.class), model -> model.generateDisruptionBudgets());
  }
}
