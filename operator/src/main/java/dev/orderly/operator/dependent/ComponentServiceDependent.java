package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.ServiceModel;
import io.fabric8.kubernetes.api.model.Service;

/** The Kubernetes Service in front of one of the four services. */
public abstract class ComponentServiceDependent extends ServiceObjectDependent<Service> {

  protected ComponentServiceDependent(Component service) {
    super(Service.class, service, ServiceModel::generateService);
  }
}
