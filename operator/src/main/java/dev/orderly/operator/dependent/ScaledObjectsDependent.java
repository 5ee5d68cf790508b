package dev.orderly.operator.dependent;

import dev.orderly.operator.model.KedaModel;
import dev.orderly.operator.model.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * A KEDA ScaledObject per service with {@code scaler: Keda}; the others' are deleted. The workflow
 * activates it only where KEDA is installed ({@code KedaPresent}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ScaledObjectsDependent extends PlatformBulkDependent<GenericKubernetesResource> {

  public ScaledObjectsDependent() {
    super(
        ChildKind.foreign(KedaModel.API_VERSION, KedaModel.SCALED_OBJECT),
        model -> model.keda().generateScaledObjects());
  }
}
