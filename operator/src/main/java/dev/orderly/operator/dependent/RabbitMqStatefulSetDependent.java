package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** The broker node. */
public class RabbitMqStatefulSetDependent extends PlatformDependent<StatefulSet> {

  public RabbitMqStatefulSetDependent() {
    super(
        ChildKind.of(StatefulSet.class),
        model -> model.platform().workloadName(Component.RABBITMQ),
        model -> model.rabbitmq().isManaged(),
        (model, actual, context) -> model.generateStatefulSet(model.rabbitmq(), actual));
  }
}
