package dev.orderly.operator.dependent;

import dev.orderly.operator.model.Labels;
import dev.orderly.operator.model.MonitoringModel;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The platform's PodMonitor, unless disabled. Its kind is the Prometheus Operator's, so the
 * workflow activates it only where the cluster serves that API ({@code PrometheusOperatorPresent}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PodMonitorDependent extends PlatformDependent<GenericKubernetesResource> {

  public PodMonitorDependent() {
    super(
        ChildKind.foreign(
            MonitoringModel.POD_MONITOR_API_VERSION, MonitoringModel.POD_MONITOR_KIND),
        model -> model.monitoring().podMonitorName(),
        model -> model.monitoring().podMonitorEnabled(),
        model -> model.monitoring().generatePodMonitor().orElseThrow());
  }
}
