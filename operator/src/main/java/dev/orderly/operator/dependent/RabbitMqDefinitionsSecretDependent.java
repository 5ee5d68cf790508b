package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import dev.orderly.operator.reconciler.Secondaries;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The definitions the broker loads at boot, carrying the passwords of the generated credentials.
 */
public class RabbitMqDefinitionsSecretDependent extends PlatformDependent<Secret> {

  public RabbitMqDefinitionsSecretDependent() {
    super(
        ChildKind.of(Secret.class),
        model -> ResourceNames.rabbitmqDefinitions(model.platform().name()),
        model -> model.rabbitmq().isManaged(),
        (model, actual, context) ->
            model.rabbitmq().generateDefinitionsSecret(credentials(model, context)));
  }

  private static Secret credentials(PlatformModel model, Context<OrderPlatform> context) {
    String name = ResourceNames.rabbitmqCredentials(model.platform().name());
    return Secondaries.named(context, Secret.class, name)
        // The workflow reconciles the credentials first; absent means the cache lags: retry.
        .orElseThrow(
            () -> new IllegalStateException("Secret " + name + " is not in the cache yet"));
  }
}
