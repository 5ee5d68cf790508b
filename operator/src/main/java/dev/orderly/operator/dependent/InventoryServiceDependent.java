package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The inventory service's stable in-cluster address. */
public class InventoryServiceDependent extends ComponentServiceDependent {

  public InventoryServiceDependent() {
    super(Component.INVENTORY);
  }
}
