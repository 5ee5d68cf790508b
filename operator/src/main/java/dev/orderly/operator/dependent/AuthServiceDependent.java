package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;

/** The auth service's stable in-cluster address. */
public class AuthServiceDependent extends ComponentServiceDependent {

  public AuthServiceDependent() {
    super(Component.AUTH);
  }
}
