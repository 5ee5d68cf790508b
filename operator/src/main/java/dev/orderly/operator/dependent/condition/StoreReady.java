package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.reconciler.PlatformContext;
import dev.orderly.operator.status.WorkloadReadiness;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.function.Function;

/**
 * Readiness gate: a managed store (database or broker) is ready; an external one is taken as ready.
 */
public abstract class StoreReady implements Condition<StatefulSet, OrderPlatform> {

  private final Function<PlatformModel, DataStore> store;

  /**
   * @param store picks the database or the broker out of the platform's model
   */
  protected StoreReady(Function<PlatformModel, DataStore> store) {
    this.store = store;
  }

  @Override
  public boolean isMet(
      DependentResource<StatefulSet, OrderPlatform> dependent,
      OrderPlatform primary,
      Context<OrderPlatform> context) {
    if (!store.apply(PlatformContext.of(context).model()).isManaged()) {
      return true;
    }
    return dependent
        .getSecondaryResource(primary, context)
        .map(WorkloadReadiness::isReady)
        .orElse(false);
  }
}
