package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ServiceModel;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The Deployment of one of the four services. */
public abstract class ServiceDeploymentDependent extends ServiceObjectDependent<Deployment> {

  protected ServiceDeploymentDependent(Component service) {
    super(Deployment.class, service, ServiceModel::generateDeployment);
  }

  @Override
  protected Deployment desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    Deployment deployment = super.desired(model, primary, context);
    model.placement().place(deployment.getSpec().getTemplate());
    return deployment;
  }
}
