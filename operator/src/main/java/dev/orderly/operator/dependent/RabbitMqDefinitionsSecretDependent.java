package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The definitions the broker loads at boot, carrying the passwords of the generated credentials.
 */
public class RabbitMqDefinitionsSecretDependent extends ManagedStoreDependent<Secret> {

  public RabbitMqDefinitionsSecretDependent() {
    super(Secret.class, PlatformModel::rabbitmq);
  }

  @Override
  protected Secret desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    String credentialsName = ResourceNames.rabbitmqCredentials(model.platform().name());
    Secret credentials =
        context
            .getSecondaryResourcesAsStream(Secret.class)
            .filter(secret -> credentialsName.equals(secret.getMetadata().getName()))
            .findFirst()
            // The workflow reconciles the credentials first; absent means the cache lags: retry.
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Secret " + credentialsName + " is not in the cache yet"));
    return model.rabbitmq().generateDefinitionsSecret(credentials);
  }

  @Override
  protected String name(PlatformModel model) {
    return ResourceNames.rabbitmqDefinitions(model.platform().name());
  }
}
