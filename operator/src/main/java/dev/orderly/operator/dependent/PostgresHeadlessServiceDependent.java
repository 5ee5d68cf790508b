package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;

/** Stable DNS of the database pod. */
public class PostgresHeadlessServiceDependent extends StoreServiceDependent {

  public PostgresHeadlessServiceDependent() {
    super(
        PlatformModel::postgres,
        Component.POSTGRES,
        DataStore::generateHeadlessService,
        ResourceNames::headlessService);
  }
}
