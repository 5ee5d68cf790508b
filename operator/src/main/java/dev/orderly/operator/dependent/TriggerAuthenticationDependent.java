package dev.orderly.operator.dependent;

import dev.orderly.operator.model.KedaModel;
import dev.orderly.operator.model.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The TriggerAuthentication the ScaledObjects use: where KEDA finds the broker's management URL.
 * Active where KEDA is installed ({@code KedaPresent}), wanted while some service says {@code
 * scaler: Keda}.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class TriggerAuthenticationDependent extends PlatformDependent<GenericKubernetesResource> {

  public TriggerAuthenticationDependent() {
    super(
        ChildKind.foreign(KedaModel.API_VERSION, KedaModel.TRIGGER_AUTHENTICATION),
        model -> model.keda().authenticationName(),
        model -> model.keda().wanted(),
        model -> model.keda().generateTriggerAuthentication());
  }
}
