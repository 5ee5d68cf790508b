package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.autoscaling.QueueReader.BrokerAccess;
import dev.orderly.operator.autoscaling.QueueReader.QueueReadException;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.RabbitMqModel;
import dev.orderly.operator.model.ResourceNames;
import dev.orderly.operator.model.Secrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** How the operator reaches a platform's own broker: its management API, as the generated admin. */
public final class BrokerAccesses {

  private BrokerAccesses() {}

  /**
   * The access to the platform's managed broker.
   *
   * @throws QueueReadException when its credentials Secret is not there (yet)
   */
  public static BrokerAccess of(PlatformModel model, Context<OrderPlatform> context) {
    String secretName = ResourceNames.rabbitmqCredentials(model.platform().name());
    Secret credentials =
        Secondaries.named(context, Secret.class, secretName)
            .orElseThrow(
                () -> new QueueReadException("the Secret " + secretName + " does not exist yet"));
    String password =
        Secrets.value(credentials, RabbitMqModel.adminPasswordKey())
            .orElseThrow(
                () ->
                    new QueueReadException(
                        "the Secret "
                            + secretName
                            + " has no "
                            + RabbitMqModel.adminPasswordKey()));
    return new BrokerAccess(
        model.rabbitmq().managementUrl(), RabbitMqModel.VHOST, RabbitMqModel.ADMIN_USER, password);
  }
}
