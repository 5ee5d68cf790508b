package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.MonitoringModel;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Activation condition of the PodMonitor: the cluster serves monitoring.coreos.com/v1 PodMonitor.
 * Asked of API discovery (no RBAC needed) at most every ten seconds until served, so a Prometheus
 * Operator installed later is noticed by the next reconciliation after that.
 */
public class PrometheusOperatorPresent implements Condition<GenericKubernetesResource, OrderPlatform> {

  static final Duration RECHECK = Duration.ofSeconds(10);

  private final Clock clock;
  private volatile Instant checkedAt = Instant.MIN;
  private volatile boolean served;

  public PrometheusOperatorPresent() {
    this(Clock.systemUTC());
  }

  PrometheusOperatorPresent(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean isMet(DependentResource<GenericKubernetesResource, OrderPlatform> dependent, OrderPlatform primary,
      Context<OrderPlatform> context) {
    Instant now = clock.instant();
    // Once served, the API does not go away under a running operator often enough to ask again.
    if (!served && Duration.between(checkedAt, now).compareTo(RECHECK) >= 0) {
      served = serves(context.getClient());
      checkedAt = now;
    }
    return served;
  }

  private static boolean serves(KubernetesClient client) {
    try {
      APIResourceList resources = client.getApiResources(MonitoringModel.POD_MONITOR_API_VERSION);
      return resources != null && resources.getResources().stream()
          .anyMatch(r -> MonitoringModel.POD_MONITOR_KIND.equals(r.getKind()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
