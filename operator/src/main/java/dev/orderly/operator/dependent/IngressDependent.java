package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.IngressModel;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The Ingress in front of the gateway; the workflow reconciles it only when spec.ingress is set.
 */
public class IngressDependent extends CrudPlatformDependent<Ingress> {

  public IngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected Ingress desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model
        .ingress()
        .map(IngressModel::generateIngress)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the workflow reconciles the Ingress only when spec.ingress is set"));
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.ingress(model.platform().name());
  }
}
