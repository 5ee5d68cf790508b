package dev.orderly.operator.dependent;

import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ServiceModel;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Optional;

/** One budget per service running more than one pod. */
public class PodDisruptionBudgetsDependent extends PlatformBulkDependent<PodDisruptionBudget> {

  public PodDisruptionBudgetsDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected List<PodDisruptionBudget> desired(PlatformModel model) {
    return model.services().stream()
        .map(ServiceModel::generatePodDisruptionBudget)
        .flatMap(Optional::stream)
        .toList();
  }
}
