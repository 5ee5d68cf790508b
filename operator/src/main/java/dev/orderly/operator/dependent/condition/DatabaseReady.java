package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.model.PlatformModel;

/** Readiness gate: the managed PostgreSQL is ready; an external one is taken as ready. */
public class DatabaseReady extends StoreReady {

  public DatabaseReady() {
    super(PlatformModel::postgres);
  }
}
