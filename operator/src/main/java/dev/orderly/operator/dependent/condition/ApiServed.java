package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.time.Duration;
import java.time.Instant;

/**
 * Activation condition of a dependent whose kind another project's CRD defines: the cluster serves
 * it. Asked of API discovery (no RBAC needed) at most every ten seconds until served, so a project
 * installed later is noticed by the next reconciliation after that.
 */
abstract class ApiServed implements Condition<GenericKubernetesResource, OrderPlatform> {

  static final Duration RECHECK = Duration.ofSeconds(10);

  private final String apiVersion;
  private final String kind;
  private volatile Instant checkedAt = Instant.MIN;
  private volatile boolean served;

  ApiServed(String apiVersion, String kind) {
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  @Override
  public boolean isMet(
      DependentResource<GenericKubernetesResource, OrderPlatform> dependent,
      OrderPlatform primary,
      Context<OrderPlatform> context) {
    Instant now = Instant.now();
    // Once served, an API does not go away under a running operator often enough to ask again.
    if (!served && Duration.between(checkedAt, now).compareTo(RECHECK) >= 0) {
      served = serves(context.getClient());
      checkedAt = now;
    }
    return served;
  }

  private boolean serves(KubernetesClient client) {
    try {
      APIResourceList resources = client.getApiResources(apiVersion);
      return resources != null
          && resources.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
