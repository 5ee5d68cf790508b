package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Labels;
import dev.orderly.operator.model.MonitoringModel;
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
 * The platform's PodMonitor, kept equal to the model. Its kind is the Prometheus Operator's, so the
 * workflow activates it only where the cluster serves that API ({@code PrometheusOperatorPresent}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PodMonitorDependent extends GenericKubernetesDependentResource<OrderPlatform>
    implements Creator<GenericKubernetesResource, OrderPlatform>,
        Updater<GenericKubernetesResource, OrderPlatform>,
        GarbageCollected<OrderPlatform> {

  public static final GroupVersionKind POD_MONITOR =
      new GroupVersionKind(
          MonitoringModel.POD_MONITOR_API_VERSION, MonitoringModel.POD_MONITOR_KIND);

  public PodMonitorDependent() {
    super(POD_MONITOR);
  }

  @Override
  protected GenericKubernetesResource desired(
      OrderPlatform primary, Context<OrderPlatform> context) {
    return PlatformContext.of(context)
        .model()
        .monitoring()
        .generatePodMonitor()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the workflow reconciles the PodMonitor only when it is enabled"));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      OrderPlatform primary, Context<OrderPlatform> context) {
    // By name: deleting a disabled PodMonitor must not build the desired one.
    return new ResourceID(
        PlatformContext.of(context).model().monitoring().podMonitorName(),
        primary.getMetadata().getNamespace());
  }
}
