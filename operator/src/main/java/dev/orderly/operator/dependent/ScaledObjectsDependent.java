package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.KedaModel;
import dev.orderly.operator.model.Labels;
import dev.orderly.operator.reconciler.PlatformContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A KEDA ScaledObject per service with {@code scaler: Keda}; the others' are deleted. The workflow
 * activates it only where KEDA is installed ({@code KedaPresent}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ScaledObjectsDependent extends GenericKubernetesDependentResource<OrderPlatform>
    implements CRUDKubernetesBulkDependentResource<GenericKubernetesResource, OrderPlatform>,
        KubernetesBulkDependentResource<GenericKubernetesResource, OrderPlatform>,
        GarbageCollected<OrderPlatform> {

  public ScaledObjectsDependent() {
    super(new GroupVersionKind(KedaModel.API_VERSION, KedaModel.SCALED_OBJECT));
  }

  @Override
  public Map<ResourceID, GenericKubernetesResource> desiredResources(
      OrderPlatform primary, Context<OrderPlatform> context) {
    Map<ResourceID, GenericKubernetesResource> desired = new LinkedHashMap<>();
    PlatformContext.of(context)
        .model()
        .keda()
        .generateScaledObjects()
        .forEach(scaledObject -> desired.put(ResourceID.fromResource(scaledObject), scaledObject));
    return desired;
  }
}
