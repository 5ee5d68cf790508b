package dev.orderly.operator.dependent;

import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** A part of the operator-managed PostgreSQL; absent when the platform uses an external server. */
public abstract class ManagedPostgresDependent<R extends HasMetadata> extends CrudPlatformDependent<R> {

  protected ManagedPostgresDependent(Class<R> resourceType) {
    super(resourceType);
  }

  @Override
  protected boolean isWanted(PlatformModel model) {
    return model.postgres().isManaged();
  }
}
