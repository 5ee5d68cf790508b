package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What one reconciliation hands its dependents: the validated model, built once, and the Event
 * recorder. Kept in the JOSDK context so dependents stay thin.
 *
 * @param model every component model of the OrderPlatform being reconciled
 * @param events where dependents report what they did
 */
public record PlatformContext(PlatformModel model, PlatformEvents events) {

  private static final String KEY = PlatformContext.class.getName();

  /** Makes {@code this} available to the dependents of the current reconciliation. */
  public void attachTo(Context<OrderPlatform> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /** The platform context attached by the reconciler before it ran the workflow. */
  public static PlatformContext of(Context<OrderPlatform> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, PlatformContext.class);
  }
}
