package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.GATEWAY;

import dev.orderly.operator.api.v1alpha1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.List;

/** The Ingress routing a host to the gateway, with optional TLS. */
public final class IngressModel {

  private final PlatformIdentity platform;
  private final IngressSpec spec;
  private final Labels labels;

  private IngressModel(PlatformIdentity platform, IngressSpec spec, String version) {
    this.platform = platform;
    this.spec = spec;
    this.labels = platform.labels(GATEWAY, version);
  }

  /** Validates the {@code ingress} section. */
  public static IngressModel fromSpec(PlatformIdentity platform, IngressSpec spec, String version) {
    if (spec.host() == null || spec.host().isBlank()) {
      throw new InvalidSpecException("ingress.host", "is required");
    }
    if (spec.tls() != null
        && (spec.tls().secretName() == null || spec.tls().secretName().isBlank())) {
      throw new InvalidSpecException("ingress.tls.secretName", "is required");
    }
    return new IngressModel(platform, spec, version);
  }

  /** {@code https://host} with TLS, {@code http://host} without. */
  public String endpoint() {
    return endpoint(spec);
  }

  /** The same for an unvalidated section. */
  static String endpoint(IngressSpec spec) {
    return (spec.tls() != null ? "https://" : "http://") + spec.host();
  }

  public Ingress generateIngress() {
    var builder =
        new IngressBuilder()
            .withMetadata(
                Workloads.metadata(
                    ResourceNames.ingress(platform.name()), platform.namespace(), labels))
            .withNewSpec()
            .withIngressClassName(spec.className())
            .addNewRule()
            .withHost(spec.host())
            .withNewHttp()
            .addNewPath()
            .withPath("/")
            .withPathType("Prefix")
            .withNewBackend()
            .withNewService()
            .withName(platform.workloadName(GATEWAY))
            .withNewPort()
            .withName(ServiceModel.HTTP_PORT_NAME)
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .endHttp()
            .endRule()
            .endSpec();
    if (spec.tls() != null) {
      builder
          .editSpec()
          .withTls(
              new IngressTLSBuilder()
                  .withHosts(List.of(spec.host()))
                  .withSecretName(spec.tls().secretName())
                  .build())
          .endSpec();
    }
    return builder.build();
  }
}
