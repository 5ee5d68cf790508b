package dev.orderly.operator.dependent;

import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.Function;

/**
 * A part of the operator-managed database or broker; absent when the platform uses an external one.
 */
public abstract class ManagedStoreDependent<R extends HasMetadata>
    extends CrudPlatformDependent<R> {

  private final Function<PlatformModel, DataStore> store;

  /**
   * @param store picks the database or the broker out of the platform's model
   */
  protected ManagedStoreDependent(Class<R> resourceType, Function<PlatformModel, DataStore> store) {
    super(resourceType);
    this.store = store;
  }

  /** The model of the store this object belongs to. */
  protected DataStore store(PlatformModel model) {
    return store.apply(model);
  }

  @Override
  protected boolean isWanted(PlatformModel model) {
    return store(model).isManaged();
  }
}
