package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The orders service's pods. */
public class OrdersDeploymentDependent extends PlatformDependent<Deployment> {

  public OrdersDeploymentDependent() {
    super(
        ChildKind.of(Deployment.class),
        model -> model.platform().workloadName(Component.ORDERS),
        ALWAYS,
        model -> model.generateDeployment(Component.ORDERS));
  }
}
