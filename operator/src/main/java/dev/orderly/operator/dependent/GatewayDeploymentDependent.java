package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The gateway service's pods. */
public class GatewayDeploymentDependent extends ServiceDeploymentDependent {

  public GatewayDeploymentDependent() {
    super(Component.GATEWAY);
  }
}
