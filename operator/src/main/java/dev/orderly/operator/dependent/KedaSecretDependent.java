package dev.orderly.operator.dependent;

import dev.orderly.operator.reconciler.BrokerAccesses;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The Secret KEDA's TriggerAuthentication reads: the broker's management URL as the generated
 * admin.
 */
public class KedaSecretDependent extends PlatformDependent<Secret> {

  public KedaSecretDependent() {
    super(
        ChildKind.of(Secret.class),
        model -> model.keda().authenticationName(),
        model -> model.keda().wanted(),
        (model, actual, context) -> model.keda().generateSecret(BrokerAccesses.of(model, context)));
  }
}
