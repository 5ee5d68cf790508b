package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Passwords of the managed database's superuser and of each service's role. */
public class PostgresCredentialsSecretDependent extends GeneratedSecretDependent {

  @Override
  protected Secret desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return model.postgres().generateCredentialsSecret(RANDOM);
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.postgresCredentials(model.platform().name());
  }

  @Override
  protected boolean isWanted(PlatformModel model) {
    return model.postgres().isManaged();
  }
}
