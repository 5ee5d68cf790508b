package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.reconciler.BrokerAccesses;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The Secret KEDA's TriggerAuthentication reads: the broker's management URL as the generated
 * admin.
 */
public class KedaSecretDependent extends CrudPlatformDependent<Secret> {

  public KedaSecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.keda().generateSecret(BrokerAccesses.of(model, context));
  }

  @Override
  protected String name(PlatformModel model) {
    return model.keda().authenticationName();
  }

  @Override
  protected boolean isWanted(PlatformModel model) {
    return model.keda().wanted();
  }
}
