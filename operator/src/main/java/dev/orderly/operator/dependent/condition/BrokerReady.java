package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.reconciler.PlatformContext;
import dev.orderly.operator.status.WorkloadReadiness;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Readiness gate: the managed RabbitMQ is ready; an external one is taken as ready. */
public class BrokerReady implements Condition<StatefulSet, OrderPlatform> {

  @Override
  public boolean isMet(
      DependentResource<StatefulSet, OrderPlatform> dependent, OrderPlatform primary, Context<OrderPlatform> context) {
    if (!PlatformContext.of(context).model().rabbitmq().isManaged()) {
      return true;
    }
    return dependent.getSecondaryResource(primary, context).map(WorkloadReadiness::isReady).orElse(false);
  }
}
