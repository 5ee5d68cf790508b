package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.Storages;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pod of a managed store; keeps the claim size it was created with, since claim templates are
 * immutable.
 */
public abstract class StoreStatefulSetDependent extends ManagedStoreDependent<StatefulSet> {

  private final Component component;

  protected StoreStatefulSetDependent(
      Function<PlatformModel, DataStore> store, Component component) {
    super(StatefulSet.class, store);
    this.component = component;
  }

  @Override
  protected StatefulSet desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    Optional<StatefulSet> existing = getSecondaryResource(primary, context);
    String storageInUse = existing.flatMap(Storages::claimSizeOf).orElse(null);
    StatefulSet desired = store(model).generateStatefulSet(storageInUse);
    existing.ifPresent(actual -> Storages.withClaimClassOf(actual, desired));
    model.placement().place(desired.getSpec().getTemplate());
    return desired;
  }

  @Override
  protected String name(PlatformModel model) {
    return model.platform().workloadName(component);
  }
}
