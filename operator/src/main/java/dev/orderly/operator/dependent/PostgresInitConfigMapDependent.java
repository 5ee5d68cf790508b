package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The script creating one database and role per service. */
public class PostgresInitConfigMapDependent extends ManagedStoreDependent<ConfigMap> {

  public PostgresInitConfigMapDependent() {
    super(ConfigMap.class, PlatformModel::postgres);
  }

  @Override
  protected ConfigMap desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.postgres().generateInitConfigMap();
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.postgresInit(model.platform().name());
  }
}
