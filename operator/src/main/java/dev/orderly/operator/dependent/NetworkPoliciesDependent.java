package dev.orderly.operator.dependent;

import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/** One policy per deployed component, isolating it to the traffic it needs. */
public class NetworkPoliciesDependent extends PlatformBulkDependent<NetworkPolicy> {

  public NetworkPoliciesDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected List<NetworkPolicy> desired(PlatformModel model) {
    return model.generateNetworkPolicies();
  }
}
