package dev.orderly.operator.dependent;

import dev.orderly.operator.model.ResourceNames;

/** Passwords of the managed database's superuser and of each service's role. */
public class PostgresCredentialsSecretDependent extends GeneratedSecretDependent {

  public PostgresCredentialsSecretDependent() {
    super(
        model -> ResourceNames.postgresCredentials(model.platform().name()),
        model -> model.postgres().isManaged(),
        model -> model.postgres().generateCredentialsSecret(RANDOM));
  }
}
