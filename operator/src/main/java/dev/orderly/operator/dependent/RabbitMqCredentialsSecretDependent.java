package dev.orderly.operator.dependent;

import dev.orderly.operator.model.ResourceNames;

/** Passwords of the managed broker's admin and of each client service's user. */
public class RabbitMqCredentialsSecretDependent extends GeneratedSecretDependent {

  public RabbitMqCredentialsSecretDependent() {
    super(
        model -> ResourceNames.rabbitmqCredentials(model.platform().name()),
        model -> model.rabbitmq().isManaged(),
        model -> model.rabbitmq().generateCredentialsSecret(RANDOM));
  }
}
