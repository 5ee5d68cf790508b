package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.status.WorkloadReadiness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Readiness gate: the service's Deployment has rolled out and all its pods are ready. */
public class DeploymentReady implements Condition<Deployment, OrderPlatform> {

  @Override
  public boolean isMet(
      DependentResource<Deployment, OrderPlatform> dependent, OrderPlatform primary, Context<OrderPlatform> context) {
    return dependent.getSecondaryResource(primary, context).map(WorkloadReadiness::isReady).orElse(false);
  }
}
