package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The auth service's JWT signing key and bootstrap admin password. */
public class AuthKeysSecretDependent extends GeneratedSecretDependent {

  @Override
  protected Secret desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.auth().generateKeysSecret(RANDOM);
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.authKeys(model.platform().name());
  }
}
