package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Service;

/** Stable DNS of the broker pod (its Erlang node name). */
public class RabbitMqHeadlessServiceDependent extends PlatformDependent<Service> {

  public RabbitMqHeadlessServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> ResourceNames.headlessService(model.platform().name(), Component.RABBITMQ),
        model -> model.rabbitmq().isManaged(),
        model -> model.rabbitmq().generateHeadlessService());
  }
}
