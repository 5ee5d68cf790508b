package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ServiceModel;
import dev.orderly.operator.reconciler.PlatformContext;
import dev.orderly.operator.status.WorkloadReadiness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Readiness gate: the service's Deployment has rolled out and its pods are ready (an autoscaled
 * service's minimum of them: scaling is not a rollout, and must not hold the stages after it).
 */
public class DeploymentReady implements Condition<Deployment, OrderPlatform> {

  @Override
  public boolean isMet(
      DependentResource<Deployment, OrderPlatform> dependent,
      OrderPlatform primary,
      Context<OrderPlatform> context) {
    PlatformModel model = PlatformContext.of(context).model();
    return dependent
        .getSecondaryResource(primary, context)
        .map(deployment -> WorkloadReadiness.isReady(deployment, minimumReady(model, deployment)))
        .orElse(false);
  }

  private static int minimumReady(PlatformModel model, Deployment deployment) {
    return model.services().stream()
        .filter(
            service ->
                model
                    .platform()
                    .workloadName(service.component())
                    .equals(deployment.getMetadata().getName()))
        .findFirst()
        .map(ServiceModel::minimumReady)
        .orElseGet(() -> WorkloadReadiness.desired(deployment));
  }
}
