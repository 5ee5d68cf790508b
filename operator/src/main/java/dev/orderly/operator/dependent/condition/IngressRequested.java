package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.reconciler.PlatformContext;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the Ingress: spec.ingress is set; otherwise the Ingress is deleted. */
public class IngressRequested implements Condition<Ingress, OrderPlatform> {

  @Override
  public boolean isMet(
      DependentResource<Ingress, OrderPlatform> dependent,
      OrderPlatform primary,
      Context<OrderPlatform> context) {
    return PlatformContext.of(context).model().ingress().isPresent();
  }
}
