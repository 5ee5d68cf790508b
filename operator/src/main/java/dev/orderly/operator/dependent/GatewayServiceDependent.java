package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Service;

/** The gateway service's stable in-cluster address. */
public class GatewayServiceDependent extends PlatformDependent<Service> {

  public GatewayServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> model.platform().workloadName(Component.GATEWAY),
        ALWAYS,
        model -> model.gateway().generateService());
  }
}
