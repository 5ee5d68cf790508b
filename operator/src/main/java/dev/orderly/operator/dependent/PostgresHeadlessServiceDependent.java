package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Service;

/** Stable DNS of the database pod. */
public class PostgresHeadlessServiceDependent extends PlatformDependent<Service> {

  public PostgresHeadlessServiceDependent() {
    super(
        ChildKind.of(Service.class),
        model -> ResourceNames.headlessService(model.platform().name(), Component.POSTGRES),
        model -> model.postgres().isManaged(),
        model -> model.postgres().generateHeadlessService());
  }
}
