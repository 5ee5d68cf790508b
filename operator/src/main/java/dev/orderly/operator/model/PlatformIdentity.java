package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.IngressSpec;

/**
 * Which platform the objects belong to, where its clients reach it, and where its services send
 * their traces.
 *
 * @param name the OrderPlatform's name, prefix of every child's name
 * @param namespace the OrderPlatform's namespace, where every child lives
 * @param endpoint where clients reach the gateway: the Ingress host, or the in-cluster Service
 * @param tracing where the services export spans
 */
public record PlatformIdentity(
    String name, String namespace, String endpoint, TracingModel tracing) {

  /** The identity of a platform with {@code ingress} (null without one). */
  public static PlatformIdentity of(String name, String namespace, IngressSpec ingress) {
    String endpoint =
        ingress == null
            ? "http://"
                + ResourceNames.workload(name, Component.GATEWAY)
                + "."
                + namespace
                + ".svc:"
                + ServiceModel.HTTP_PORT
            : IngressModel.endpoint(ingress);
    return new PlatformIdentity(name, namespace, endpoint, TracingModel.OFF);
  }

  /** This platform, its services exporting spans as {@code tracing} says. */
  public PlatformIdentity withTracing(TracingModel tracing) {
    return new PlatformIdentity(name, namespace, endpoint, tracing);
  }

  /**
   * The auth service's issuer URL: its API behind the gateway, where clients discover the token
   * endpoint; every service requires it as the tokens' {@code iss}.
   */
  public String issuer() {
    return endpoint + "/api/auth";
  }

  /** Labels of one of this platform's components. */
  public Labels labels(Component component, String version) {
    return Labels.of(component, name, version);
  }

  /** Name of a component's workload, client Service, PDB and NetworkPolicy. */
  public String workloadName(Component component) {
    return ResourceNames.workload(name, component);
  }
}
