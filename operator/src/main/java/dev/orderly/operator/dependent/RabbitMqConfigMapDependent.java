package dev.orderly.operator.dependent;

import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;

/** rabbitmq.conf and the enabled plugins. */
public class RabbitMqConfigMapDependent extends PlatformDependent<ConfigMap> {

  public RabbitMqConfigMapDependent() {
    super(
        ChildKind.of(ConfigMap.class),
        model -> ResourceNames.rabbitmqConfig(model.platform().name()),
        model -> model.rabbitmq().isManaged(),
        model -> model.rabbitmq().generateConfigMap());
  }
}
