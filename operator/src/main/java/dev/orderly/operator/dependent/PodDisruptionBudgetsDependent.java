package dev.orderly.operator.dependent;

import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One budget per service running more than one pod, and one per managed store. */
public class PodDisruptionBudgetsDependent extends PlatformBulkDependent<PodDisruptionBudget> {

  public PodDisruptionBudgetsDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected List<PodDisruptionBudget> desired(PlatformModel model) {
    List<PodDisruptionBudget> budgets = new ArrayList<>();
    model
        .services()
        .forEach(service -> service.generatePodDisruptionBudget().ifPresent(budgets::add));
    Stream.of(model.postgres(), model.rabbitmq())
        .filter(DataStore::isManaged)
        .forEach(store -> budgets.add(store.generatePodDisruptionBudget()));
    return budgets;
  }
}
