package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Service;

/** The client Service of the database. */
public class PostgresServiceDependent extends PlatformDependent<Service> {

  public PostgresServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> model.platform().workloadName(Component.POSTGRES),
        model -> model.postgres().isManaged(),
        model -> model.postgres().generateService());
  }
}
