package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.reconciler.PlatformContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One child of an OrderPlatform, created and kept equal to what the {@link PlatformModel} says
 * (edits to it are reverted, deletions repaired); owned by the platform, so Kubernetes deletes it
 * with the platform. A concrete dependent only names its kind, its name, when the spec wants it and
 * its desired object.
 *
 * <p>A child the spec does not call for (the broker or database when they are external, the Ingress
 * without spec.ingress) is removed here rather than with a reconcile precondition: JOSDK deletes
 * everything downstream of a failed precondition, and the services downstream must keep running
 * against the external server.
 */
public abstract class PlatformDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, OrderPlatform>
    implements Creator<R, OrderPlatform>,
        Updater<R, OrderPlatform>,
        GarbageCollected<OrderPlatform> {

  /** For a child the spec always calls for. */
  protected static final Predicate<PlatformModel> ALWAYS = model -> true;

  private final ChildKind<R> kind;
  private final Function<PlatformModel, String> name;
  private final Predicate<PlatformModel> wanted;
  private final Desired<R> desired;

  /**
   * @param name the child's name, known without building it (a generated key is costly)
   * @param wanted whether the spec calls for the child at all
   * @param desired the child the model says should exist
   */
  protected PlatformDependent(
      ChildKind<R> kind,
      Function<PlatformModel, String> name,
      Predicate<PlatformModel> wanted,
      Function<PlatformModel, R> desired) {
    this(kind, name, wanted, (model, actual, context) -> desired.apply(model));
  }

  /**
   * @param desired the child the model says should exist, given the one there is and what the
   *     reconciliation sees
   */
  protected PlatformDependent(
      ChildKind<R> kind,
      Function<PlatformModel, String> name,
      Predicate<PlatformModel> wanted,
      Desired<R> desired) {
    super(kind.type());
    this.kind = kind;
    this.name = name;
    this.wanted = wanted;
    this.desired = desired;
  }

  /** Builds the desired child from the model, the actual child and the reconciliation context. */
  @FunctionalInterface
  public interface Desired<R> {

    /**
     * @param actual the child as the informer cache has it; empty before it is created
     */
    R of(PlatformModel model, Optional<R> actual, Context<OrderPlatform> context);
  }

  @Override
  protected final R desired(OrderPlatform primary, Context<OrderPlatform> context) {
    return desired.of(
        PlatformContext.of(context).model(), getSecondaryResource(primary, context), context);
  }

  @Override
  public ReconcileResult<R> reconcile(OrderPlatform primary, Context<OrderPlatform> context) {
    if (wanted.test(PlatformContext.of(context).model())) {
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
    // By name, so selecting the actual child never builds the desired one.
    return new ResourceID(
        name.apply(PlatformContext.of(context).model()), primary.getMetadata().getNamespace());
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<OrderPlatform> context) {
    return kind.informer();
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
