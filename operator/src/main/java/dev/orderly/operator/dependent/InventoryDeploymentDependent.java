package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The inventory service's pods. */
public class InventoryDeploymentDependent extends PlatformDependent<Deployment> {

  public InventoryDeploymentDependent() {
    super(
        ChildKind.of(Deployment.class),
        model -> model.platform().workloadName(Component.INVENTORY),
        ALWAYS,
        model -> model.generateDeployment(Component.INVENTORY));
  }
}
