package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The gateway service's pods. */
public class GatewayDeploymentDependent extends PlatformDependent<Deployment> {

  public GatewayDeploymentDependent() {
    super(
        ChildKind.of(Deployment.class),
        model -> model.platform().workloadName(Component.GATEWAY),
        ALWAYS,
        model -> model.generateDeployment(Component.GATEWAY));
  }
}
