package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.model.PlatformModel;

/** Readiness gate: the managed RabbitMQ is ready; an external one is taken as ready. */
public class BrokerReady extends StoreReady {

  public BrokerReady() {
    super(PlatformModel::rabbitmq);
  }
}
