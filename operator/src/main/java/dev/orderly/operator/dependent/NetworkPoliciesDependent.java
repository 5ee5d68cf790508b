package dev.orderly.operator.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** One policy per deployed component, isolating it to the traffic it needs. */
public class NetworkPoliciesDependent extends PlatformBulkDependent<NetworkPolicy> {

  public NetworkPoliciesDependent() {
    super(ChildKind.of(NetworkPolicy.class), model -> model.generateNetworkPolicies());
  }
}
