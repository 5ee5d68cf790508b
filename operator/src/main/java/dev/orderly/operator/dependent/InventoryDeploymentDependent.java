package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The inventory service's pods. */
public class InventoryDeploymentDependent extends ServiceDeploymentDependent {

  public InventoryDeploymentDependent() {
    super(Component.INVENTORY);
  }
}
