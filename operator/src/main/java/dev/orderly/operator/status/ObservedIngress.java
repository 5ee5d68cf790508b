package dev.orderly.operator.status;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Optional;

/**
 * What the cluster shows of the platform's Ingress.
 *
 * @param name the Ingress's name
 * @param exists whether it exists
 * @param address the address its controller published, null before it did
 */
public record ObservedIngress(String name, boolean exists, String address) {

  /** The Ingress {@code name} as found, null when it does not exist. */
  public static ObservedIngress of(String name, Ingress ingress) {
    if (ingress == null) {
      return new ObservedIngress(name, false, null);
    }
    String address =
        Optional.ofNullable(ingress.getStatus())
            .map(status -> status.getLoadBalancer())
            .map(balancer -> balancer.getIngress())
            .orElse(List.of())
            .stream()
            .map(entry -> entry.getIp() != null ? entry.getIp() : entry.getHostname())
            .filter(value -> value != null && !value.isBlank())
            .findFirst()
            .orElse(null);
    return new ObservedIngress(name, true, address);
  }

  /** An Ingress controller took it: it published where it serves the host. */
  public boolean isAdmitted() {
    return exists && address != null;
  }

  /** Why it is not admitted, for the Ready condition. */
  public String waitingReason() {
    return exists
        ? "Ingress "
            + name
            + " (not admitted: its controller has published no address; is spec.ingress.className served?)"
        : "Ingress " + name + " (missing)";
  }
}
