package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.List;

/** Building blocks of the platform's NetworkPolicies; every input is an argument. */
public final class NetworkPolicies {

  /**
   * The {@code app.kubernetes.io/name} of the operator's pods (the chart's), admitted to read
   * queues and outboxes.
   */
  public static final String OPERATOR_POD_NAME = "orderly-operator";

  /** Addresses outside the cluster are not known in advance; an external server may be anywhere. */
  public static final String ANY_ADDRESS = "0.0.0.0/0";

  /** The label Kubernetes puts on every namespace with its name. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private NetworkPolicies() {}

  /**
   * A policy isolating the component's pods in both directions: only the listed traffic is allowed,
   * everything else is denied.
   */
  public static NetworkPolicy isolate(
      String name,
      String namespace,
      Labels labels,
      List<NetworkPolicyIngressRule> ingress,
      List<NetworkPolicyEgressRule> egress) {
    return new NetworkPolicyBuilder()
        .withMetadata(Workloads.metadata(name, namespace, labels))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(labels.selector())
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }

  /** Ingress on {@code port} from the pods of {@code clients} in the same platform. */
  public static NetworkPolicyIngressRule fromComponents(
      String platform, List<Component> clients, int port) {
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(clients.stream().map(client -> componentPeer(platform, client)).toList())
        .withPorts(tcp(port))
        .build();
  }

  /** Ingress on {@code port} from every pod of the {@code namespaces}. */
  public static NetworkPolicyIngressRule fromNamespaces(List<String> namespaces, int port) {
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(
            namespaces.stream()
                .map(
                    namespace ->
                        new NetworkPolicyPeerBuilder()
                            .withNewNamespaceSelector()
                            .addToMatchLabels(NAMESPACE_NAME_LABEL, namespace)
                            .endNamespaceSelector()
                            .build())
                .toList())
        .withPorts(tcp(port))
        .build();
  }

  /** Ingress on {@code port} from the operator's pods, in whichever namespace the operator runs. */
  public static NetworkPolicyIngressRule fromOperator(int port) {
    return fromPodsNamed(OPERATOR_POD_NAME, port);
  }

  /**
   * Ingress on {@code port} from the pods labelled {@code app.kubernetes.io/name: name}, in any
   * namespace.
   */
  public static NetworkPolicyIngressRule fromPodsNamed(String name, int port) {
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(
            new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector()
                .endNamespaceSelector()
                .withNewPodSelector()
                .addToMatchLabels(Labels.NAME, name)
                .endPodSelector()
                .build())
        .withPorts(tcp(port))
        .build();
  }

  /** Ingress on {@code port} from anywhere (ingress controllers, other namespaces). */
  public static NetworkPolicyIngressRule fromAnywhere(int port) {
    return new NetworkPolicyIngressRuleBuilder().withPorts(tcp(port)).build();
  }

  /** Egress to {@code port} of a component's pods in the same platform. */
  public static NetworkPolicyEgressRule toComponent(String platform, Component server, int port) {
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(componentPeer(platform, server))
        .withPorts(tcp(port))
        .build();
  }

  /**
   * Egress to an external server at {@code host}: when the host is a Service of this cluster
   * ({@code <service>.<namespace>.svc[.<cluster domain>]}), to the pods of its namespace, since
   * several NetworkPolicy implementations never match pod addresses against an {@code ipBlock};
   * otherwise to any address.
   */
  public static NetworkPolicyEgressRule toExternal(String host, int port) {
    String[] labels = host.split("\\.");
    if (labels.length >= 3 && labels[2].equals("svc")) {
      return new NetworkPolicyEgressRuleBuilder()
          .withTo(
              new NetworkPolicyPeerBuilder()
                  .withNewNamespaceSelector()
                  .addToMatchLabels(NAMESPACE_NAME_LABEL, labels[1])
                  .endNamespaceSelector()
                  .build())
          .withPorts(tcp(port))
          .build();
    }
    return toAnyAddress(port);
  }

  /** Egress to {@code port} of any address: an external server outside the cluster. */
  public static NetworkPolicyEgressRule toAnyAddress(int port) {
    return new NetworkPolicyEgressRuleBuilder()
        .withTo(
            new NetworkPolicyPeerBuilder()
                .withNewIpBlock()
                .withCidr(ANY_ADDRESS)
                .endIpBlock()
                .build())
        .withPorts(tcp(port))
        .build();
  }

  /** Egress to DNS on port 53, wherever the cluster runs its resolver. */
  public static NetworkPolicyEgressRule dns() {
    return new NetworkPolicyEgressRuleBuilder()
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("UDP")
                .withPort(new IntOrString(53))
                .build(),
            new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(53))
                .build())
        .build();
  }

  private static NetworkPolicyPeer componentPeer(String platform, Component component) {
    return new NetworkPolicyPeerBuilder()
        .withNewPodSelector()
        .withMatchLabels(Labels.of(component, platform, null).selector())
        .endPodSelector()
        .build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }
}
