package dev.orderly.operator.dependent;

import dev.orderly.operator.model.ResourceNames;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/** The Ingress in front of the gateway, while spec.ingress is set. */
public class IngressDependent extends PlatformDependent<Ingress> {

  public IngressDependent() {
    super(
        ChildKind.of(Ingress.class),
        model -> ResourceNames.ingress(model.platform().name()),
        model -> model.ingress().isPresent(),
        model -> model.ingress().orElseThrow().generateIngress());
  }
}
