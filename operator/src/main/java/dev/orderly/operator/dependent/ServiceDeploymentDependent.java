package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.ServiceModel;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The Deployment of one of the four services. */
public abstract class ServiceDeploymentDependent extends ServiceObjectDependent<Deployment> {

  protected ServiceDeploymentDependent(Component service) {
    super(Deployment.class, service, ServiceModel::generateDeployment);
  }
}
