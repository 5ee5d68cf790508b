package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;

/** The client Service of the broker. */
public class RabbitMqServiceDependent extends StoreServiceDependent {

  public RabbitMqServiceDependent() {
    super(
        PlatformModel::rabbitmq,
        Component.RABBITMQ,
        DataStore::generateService,
        ResourceNames::workload);
  }
}
