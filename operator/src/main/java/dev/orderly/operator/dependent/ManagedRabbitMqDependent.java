package dev.orderly.operator.dependent;

import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A part of the operator-managed RabbitMQ; absent when the platform uses an external broker. */
public abstract class ManagedRabbitMqDependent<R extends HasMetadata> extends CrudPlatformDependent<R> {

  protected ManagedRabbitMqDependent(Class<R> resourceType) {
    super(resourceType);
  }

  @Override
  protected boolean isWanted(PlatformModel model) {
    return model.rabbitmq().isManaged();
  }
}
