package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The orders service's stable in-cluster address. */
public class OrdersServiceDependent extends ComponentServiceDependent {

  public OrdersServiceDependent() {
    super(Component.ORDERS);
  }
}
