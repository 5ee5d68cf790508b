package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Service;

/** The client Service of the broker. */
public class RabbitMqServiceDependent extends PlatformDependent<Service> {

  public RabbitMqServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> model.platform().workloadName(Component.RABBITMQ),
        model -> model.rabbitmq().isManaged(),
        model -> model.rabbitmq().generateService());
  }
}
