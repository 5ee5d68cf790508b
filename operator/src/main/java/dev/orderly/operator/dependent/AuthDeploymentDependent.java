package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The auth service's pods. */
public class AuthDeploymentDependent extends PlatformDependent<Deployment> {

  public AuthDeploymentDependent() {
    super(
        ChildKind.of(Deployment.class),
        model -> model.platform().workloadName(Component.AUTH),
        ALWAYS,
        model -> model.generateDeployment(Component.AUTH));
  }
}
