package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Collection;
import java.util.Optional;

/** A platform's child of a kind, by name, from the informer caches the reconciliation sees. */
public final class Secondaries {

  private Secondaries() {}

  /** The platform's child of {@code type} named {@code name}, as the reconciliation sees it. */
  public static <R extends HasMetadata> Optional<R> named(
      Context<OrderPlatform> context, Class<R> type, String name) {
    return named(context.getSecondaryResources(type), name);
  }

  static <R extends HasMetadata> Optional<R> named(Collection<R> resources, String name) {
    return resources.stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
  }
}
