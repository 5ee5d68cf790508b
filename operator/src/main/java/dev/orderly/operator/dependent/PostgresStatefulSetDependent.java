package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** The database server. */
public class PostgresStatefulSetDependent extends PlatformDependent<StatefulSet> {

  public PostgresStatefulSetDependent() {
    super(
        ChildKind.of(StatefulSet.class),
        model -> model.platform().workloadName(Component.POSTGRES),
        model -> model.postgres().isManaged(),
        (model, actual, context) -> model.generateStatefulSet(model.postgres(), actual));
  }
}
