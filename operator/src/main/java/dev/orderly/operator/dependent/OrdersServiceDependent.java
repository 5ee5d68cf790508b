package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Service;

/** The orders service's stable in-cluster address. */
public class OrdersServiceDependent extends PlatformDependent<Service> {

  public OrdersServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> model.platform().workloadName(Component.ORDERS),
        ALWAYS,
        model -> model.orders().generateService());
  }
}
