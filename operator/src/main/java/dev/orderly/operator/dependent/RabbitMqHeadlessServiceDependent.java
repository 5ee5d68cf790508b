package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;

/** Stable DNS of the broker pod (its Erlang node name). */
public class RabbitMqHeadlessServiceDependent extends StoreServiceDependent {

  public RabbitMqHeadlessServiceDependent() {
    super(
        PlatformModel::rabbitmq,
        Component.RABBITMQ,
        DataStore::generateHeadlessService,
        ResourceNames::headlessService);
  }
}
