package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.reconciler.PlatformContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A set of children of one kind whose size depends on the spec (one per component, or none): those
 * the model lists are created or updated, the others deleted.
 */
public abstract class PlatformBulkDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, OrderPlatform>
    implements CRUDKubernetesBulkDependentResource<R, OrderPlatform>,
        KubernetesBulkDependentResource<R, OrderPlatform>,
        GarbageCollected<OrderPlatform> {

  private final ChildKind<R> kind;
  private final Function<PlatformModel, List<R>> desired;

  /**
   * @param desired the children the model says should exist
   */
  protected PlatformBulkDependent(ChildKind<R> kind, Function<PlatformModel, List<R>> desired) {
    super(kind.type());
    this.kind = kind;
    this.desired = desired;
  }

  @Override
  public Map<ResourceID, R> desiredResources(
      OrderPlatform primary, Context<OrderPlatform> context) {
    Map<ResourceID, R> children = new LinkedHashMap<>();
    desired
        .apply(PlatformContext.of(context).model())
        .forEach(child -> children.put(ResourceID.fromResource(child), child));
    return children;
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<OrderPlatform> context) {
    return kind.informer();
  }
}
