package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Service;

/** The inventory service's stable in-cluster address. */
public class InventoryServiceDependent extends PlatformDependent<Service> {

  public InventoryServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> model.platform().workloadName(Component.INVENTORY),
        ALWAYS,
        model -> model.inventory().generateService());
  }
}
