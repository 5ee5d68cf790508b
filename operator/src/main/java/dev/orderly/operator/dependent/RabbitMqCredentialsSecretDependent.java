package dev.orderly.operator.dependent;

import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;

/** Passwords of the managed broker's admin and of each client service's user. */
public class RabbitMqCredentialsSecretDependent extends StoreCredentialsSecretDependent {

  public RabbitMqCredentialsSecretDependent() {
    super(PlatformModel::rabbitmq, ResourceNames::rabbitmqCredentials);
  }
}
