package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The Kubernetes Service in front of one of the four services. */
public abstract class ComponentServiceDependent extends CrudPlatformDependent<Service> {

  private final Component service;

  protected ComponentServiceDependent(Component service) {
    super(Service.class);
    this.service = service;
  }

  @Override
  protected Service desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.service(service).generateService();
  }

  @Override
  protected String name(PlatformModel model) {
    return model.platform().workloadName(service);
  }
}
