package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.ReclaimPolicy;
import java.util.ArrayList;
import java.util.List;

/** Legal but risky choices in a spec, reported as Warning Events rather than rejected. */
public final class SpecWarnings {

  private SpecWarnings() {}

  /** One sentence per risky choice; empty when there is none. */
  public static List<String> of(PlatformModel model) {
    List<String> warnings = new ArrayList<>();
    for (ServiceModel service : model.services()) {
      if (service.replicas() == 0) {
        warnings.add(
            service.component().id()
                + " has 0 replicas: the platform cannot serve and will never be Ready");
      } else if (service.replicas() == 1 && service.component() == Component.GATEWAY) {
        warnings.add(
            "gateway runs a single pod: no PodDisruptionBudget protects it and a node drain interrupts all traffic");
      }
    }
    if (model.postgres().isManaged() && model.postgres().reclaimPolicy() == ReclaimPolicy.Delete) {
      warnings.add(
          "postgres.reclaimPolicy is Delete: deleting the OrderPlatform deletes every order and product");
    }
    if (model.ingress().isPresent() && model.ingress().get().endpoint().startsWith("http://")) {
      warnings.add("ingress has no tls: tokens and passwords cross the network in clear text");
    }
    return warnings;
  }
}
