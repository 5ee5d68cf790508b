package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.model.MonitoringModel;

/**
 * Activation condition of the PodMonitor: the cluster serves monitoring.coreos.com/v1 PodMonitor.
 */
public class PrometheusOperatorPresent extends ApiServed {

  public PrometheusOperatorPresent() {
    super(MonitoringModel.POD_MONITOR_API_VERSION, MonitoringModel.POD_MONITOR_KIND);
  }
}
