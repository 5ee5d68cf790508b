package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Stable DNS of the database pod. */
public class PostgresHeadlessServiceDependent extends ManagedPostgresDependent<Service> {

  public PostgresHeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.postgres().generateHeadlessService();
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.headlessService(model.platform().name(), Component.POSTGRES);
  }
}
