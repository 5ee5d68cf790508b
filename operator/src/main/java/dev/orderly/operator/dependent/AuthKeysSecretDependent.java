package dev.orderly.operator.dependent;

import dev.orderly.operator.model.ResourceNames;

/** The auth service's JWT signing key and bootstrap admin password. */
public class AuthKeysSecretDependent extends GeneratedSecretDependent {

  public AuthKeysSecretDependent() {
    super(
        model -> ResourceNames.authKeys(model.platform().name()),
        ALWAYS,
        model -> model.auth().generateKeysSecret(RANDOM));
  }
}
