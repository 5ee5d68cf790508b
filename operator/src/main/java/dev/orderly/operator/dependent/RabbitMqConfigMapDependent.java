package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** rabbitmq.conf and the enabled plugins. */
public class RabbitMqConfigMapDependent extends ManagedStoreDependent<ConfigMap> {

  public RabbitMqConfigMapDependent() {
    super(ConfigMap.class, PlatformModel::rabbitmq);
  }

  @Override
  protected ConfigMap desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.rabbitmq().generateConfigMap();
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.rabbitmqConfig(model.platform().name());
  }
}
