package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;

/** The broker node. */
public class RabbitMqStatefulSetDependent extends StoreStatefulSetDependent {

  public RabbitMqStatefulSetDependent() {
    super(PlatformModel::rabbitmq, Component.RABBITMQ);
  }
}
