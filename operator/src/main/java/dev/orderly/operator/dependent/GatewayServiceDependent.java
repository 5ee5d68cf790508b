package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The gateway service's stable in-cluster address. */
public class GatewayServiceDependent extends ComponentServiceDependent {

  public GatewayServiceDependent() {
    super(Component.GATEWAY);
  }
}
