package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;

/** The client Service of the database. */
public class PostgresServiceDependent extends StoreServiceDependent {

  public PostgresServiceDependent() {
    super(
        PlatformModel::postgres,
        Component.POSTGRES,
        DataStore::generateService,
        ResourceNames::workload);
  }
}
