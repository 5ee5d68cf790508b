package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The auth service's pods. */
public class AuthDeploymentDependent extends ServiceDeploymentDependent {

  public AuthDeploymentDependent() {
    super(Component.AUTH);
  }
}
