package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;

/** The database server. */
public class PostgresStatefulSetDependent extends StoreStatefulSetDependent {

  public PostgresStatefulSetDependent() {
    super(PlatformModel::postgres, Component.POSTGRES);
  }
}
