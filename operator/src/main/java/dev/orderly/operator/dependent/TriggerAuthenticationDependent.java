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
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The TriggerAuthentication the ScaledObjects use: where KEDA finds the broker's management URL.
 * Active where KEDA is installed, reconciled while some service says {@code scaler: Keda}.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class TriggerAuthenticationDependent
    extends GenericKubernetesDependentResource<OrderPlatform>
    implements Creator<GenericKubernetesResource, OrderPlatform>,
        Updater<GenericKubernetesResource, OrderPlatform>,
        GarbageCollected<OrderPlatform> {

  public TriggerAuthenticationDependent() {
    super(new GroupVersionKind(KedaModel.API_VERSION, KedaModel.TRIGGER_AUTHENTICATION));
  }

  @Override
  protected GenericKubernetesResource desired(
      OrderPlatform primary, Context<OrderPlatform> context) {
    return PlatformContext.of(context).model().keda().generateTriggerAuthentication();
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      OrderPlatform primary, Context<OrderPlatform> context) {
    return new ResourceID(
        PlatformContext.of(context).model().keda().authenticationName(),
        primary.getMetadata().getNamespace());
  }
}
