package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Stable DNS of the broker pod (its Erlang node name). */
public class RabbitMqHeadlessServiceDependent extends ManagedRabbitMqDependent<Service> {

  public RabbitMqHeadlessServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.rabbitmq().generateHeadlessService();
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.headlessService(model.platform().name(), Component.RABBITMQ);
  }
}
