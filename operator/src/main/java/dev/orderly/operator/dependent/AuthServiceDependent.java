package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Service;

/** The auth service's stable in-cluster address. */
public class AuthServiceDependent extends PlatformDependent<Service> {

  public AuthServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> model.platform().workloadName(Component.AUTH),
        ALWAYS,
        model -> model.auth().generateService());
  }
}
