package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.reconciler.PlatformContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A child of an OrderPlatform whose desired state comes from the {@link PlatformModel}; owned by
 * the platform, so Kubernetes deletes it with the platform.
 *
 * <p>A child the spec does not call for (the broker or database when they are external) is removed
 * here rather than with a reconcile precondition: JOSDK deletes everything downstream of a failed
 * precondition, and the services downstream must keep running against the external server.
 */
public abstract class PlatformDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, OrderPlatform>
    implements GarbageCollected<OrderPlatform> {

  protected PlatformDependent(Class<R> resourceType) {
    super(resourceType);
  }

  /** The object the model says should exist. */
  protected abstract R desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context);

  /** Name of the object, known without building it. */
  protected abstract String name(PlatformModel model);

  /** Whether the spec calls for this object at all. */
  protected boolean isWanted(PlatformModel model) {
    return true;
  }

  @Override
  protected final R desired(OrderPlatform primary, Context<OrderPlatform> context) {
    return desired(PlatformContext.of(context).model(), primary, context);
  }

  @Override
  public ReconcileResult<R> reconcile(OrderPlatform primary, Context<OrderPlatform> context) {
    if (isWanted(PlatformContext.of(context).model())) {
      return super.reconcile(primary, context);
    }
    getSecondaryResource(primary, context)
        .ifPresent(
            unwanted -> {
              handleDelete(primary, unwanted, context);
              PlatformContext.of(context)
                  .events()
                  .normal(primary, "Deleted", describe(unwanted) + " is no longer needed");
            });
    return ReconcileResult.noOperation(null);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      OrderPlatform primary, Context<OrderPlatform> context) {
    // By name, so selecting the actual object never builds the desired one (a generated key is
    // costly).
    return new ResourceID(
        name(PlatformContext.of(context).model()), primary.getMetadata().getNamespace());
  }

  @Override
  protected void onCreated(OrderPlatform primary, R created, Context<OrderPlatform> context) {
    super.onCreated(primary, created, context);
    PlatformContext.of(context).events().normal(primary, "Created", "Created " + describe(created));
  }

  @Override
  protected void onUpdated(
      OrderPlatform primary, R updated, R actual, Context<OrderPlatform> context) {
    super.onUpdated(primary, updated, actual, context);
    PlatformContext.of(context).events().normal(primary, "Updated", "Updated " + describe(updated));
  }

  private static String describe(HasMetadata resource) {
    return resource.getKind() + " " + resource.getMetadata().getName();
  }
}
