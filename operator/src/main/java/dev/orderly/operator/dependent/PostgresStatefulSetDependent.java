package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.Storages;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The database server; keeps the claim size it was created with, since claim templates are immutable. */
public class PostgresStatefulSetDependent extends ManagedPostgresDependent<StatefulSet> {

  public PostgresStatefulSetDependent() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    String storageInUse = getSecondaryResource(primary, context).flatMap(Storages::claimSizeOf).orElse(null);
    return model.postgres().generateStatefulSet(storageInUse);
  }

  @Override
  protected String name(PlatformModel model) {
    return model.platform().workloadName(Component.POSTGRES);
  }
}
