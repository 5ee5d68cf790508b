package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;

/** A child created and kept equal to the model: edits to it are reverted, deletions repaired. */
public abstract class CrudPlatformDependent<R extends HasMetadata> extends PlatformDependent<R>
    implements Creator<R, OrderPlatform>, Updater<R, OrderPlatform> {

  protected CrudPlatformDependent(Class<R> resourceType) {
    super(resourceType);
  }
}
