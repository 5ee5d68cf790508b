package dev.orderly.operator.dependent;

import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;

/** Passwords of the managed database's superuser and of each service's role. */
public class PostgresCredentialsSecretDependent extends StoreCredentialsSecretDependent {

  public PostgresCredentialsSecretDependent() {
    super(PlatformModel::postgres, ResourceNames::postgresCredentials);
  }
}
