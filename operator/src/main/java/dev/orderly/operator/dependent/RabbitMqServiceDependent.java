package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The client Service of the broker. */
public class RabbitMqServiceDependent extends ManagedRabbitMqDependent<Service> {

  public RabbitMqServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.rabbitmq().generateService();
  }

  @Override
  protected String name(PlatformModel model) {
    return model.platform().workloadName(Component.RABBITMQ);
  }
}
