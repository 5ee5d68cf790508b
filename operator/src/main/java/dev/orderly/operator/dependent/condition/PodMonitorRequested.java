package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.reconciler.PlatformContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the PodMonitor: spec.monitoring.podMonitor.enabled; otherwise it is
 * deleted.
 */
public class PodMonitorRequested implements Condition<GenericKubernetesResource, OrderPlatform> {

  @Override
  public boolean isMet(
      DependentResource<GenericKubernetesResource, OrderPlatform> dependent,
      OrderPlatform primary,
      Context<OrderPlatform> context) {
    return PlatformContext.of(context).model().monitoring().podMonitorEnabled();
  }
}
