package dev.orderly.operator.status;

import dev.orderly.operator.api.v1alpha1.AutoscalingStatus;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.api.v1alpha1.QueueStatus;
import java.util.List;
import java.util.Map;

/**
 * Everything the status of an OrderPlatform is computed from.
 *
 * @param generation the metadata.generation reconciled
 * @param previous the status before this reconciliation, null on the first one
 * @param desiredVersion spec.version
 * @param endpoint where clients reach the gateway, null when unknown (invalid spec)
 * @param gatewaySelector label selector of the gateway pods, null when unknown
 * @param components what the cluster shows of each component; empty when the spec could not be
 *     modelled
 * @param problem what keeps the platform from being reconciled, null when nothing does
 * @param queues each consumer's queues by its id, empty with an external broker, null when not read
 *     this time
 * @param ingress the platform's Ingress, null when the spec asks for none or could not be modelled
 * @param autoscaling the backlog scalers' status by component id, empty when nothing is autoscaled,
 *     null when this reconciliation did not get as far as scaling
 */
public record PlatformObservation(
    long generation,
    OrderPlatformStatus previous,
    String desiredVersion,
    String endpoint,
    String gatewaySelector,
    List<ObservedComponent> components,
    Problem problem,
    Map<String, QueueStatus> queues,
    ObservedIngress ingress,
    Map<String, AutoscalingStatus> autoscaling) {

  public PlatformObservation {
    components = List.copyOf(components);
  }
}
