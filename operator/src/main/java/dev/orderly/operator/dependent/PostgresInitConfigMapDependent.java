package dev.orderly.operator.dependent;

import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.ConfigMap;

/** The script creating one database and role per service. */
public class PostgresInitConfigMapDependent extends PlatformDependent<ConfigMap> {

  public PostgresInitConfigMapDependent() {
    super(
        ChildKind.of(ConfigMap.class),
        model -> ResourceNames.postgresInit(model.platform().name()),
        model -> model.postgres().isManaged(),
        model -> model.postgres().generateInitConfigMap());
  }
}
