package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The orders service's pods. */
public class OrdersDeploymentDependent extends ServiceDeploymentDependent {

  public OrdersDeploymentDependent() {
    super(Component.ORDERS);
  }
}
