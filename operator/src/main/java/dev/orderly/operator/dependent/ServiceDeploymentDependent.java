package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The Deployment of one of the four services. */
public abstract class ServiceDeploymentDependent extends CrudPlatformDependent<Deployment> {

  private final Component service;

  protected ServiceDeploymentDependent(Component service) {
    super(Deployment.class);
    this.service = service;
  }

  @Override
  protected Deployment desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.service(service).generateDeployment();
  }

  @Override
  protected String name(PlatformModel model) {
    return model.platform().workloadName(service);
  }
}
