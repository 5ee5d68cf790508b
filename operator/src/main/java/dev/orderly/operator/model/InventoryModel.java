package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.AUTH;
import static dev.orderly.operator.model.Component.GATEWAY;
import static dev.orderly.operator.model.Component.INVENTORY;
import static dev.orderly.operator.model.Component.ORDERS;

import dev.orderly.contracts.Topology;
import dev.orderly.operator.api.v1alpha1.InventorySpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The inventory service: products, reservations and the order-events queue. */
public final class InventoryModel extends ServiceModel {

  public static final int DEFAULT_REPLICAS = 1;

  private final PostgresModel postgres;
  private final RabbitMqModel rabbitmq;

  private InventoryModel(
      PlatformIdentity platform,
      String registry,
      String version,
      int replicas,
      Autoscaling autoscaling,
      ServiceContainer container,
      PostgresModel postgres,
      RabbitMqModel rabbitmq) {
    super(platform, INVENTORY, registry, version, replicas, autoscaling, container);
    this.postgres = postgres;
    this.rabbitmq = rabbitmq;
  }

  /**
   * Validates and defaults the {@code inventory} section. {@code scaled} is what autoscaling
   * decided: the operator's backlog scaler's last decision ({@code scaler: Operator}), or the
   * Deployment's replicas as KEDA or an HPA set them ({@code Keda}, {@code External}); null before
   * there is one, and then an autoscaled service starts at its minimum.
   */
  public static InventoryModel fromSpec(
      PlatformIdentity platform,
      InventorySpec spec,
      String registry,
      String version,
      PostgresModel postgres,
      RabbitMqModel rabbitmq,
      Integer scaled) {
    InventorySpec section = spec == null ? new InventorySpec(null, null, null, null) : spec;
    if (section.replicas() != null && section.autoscaling() != null) {
      throw new InvalidSpecException("inventory", "set either replicas or autoscaling, not both");
    }
    Optional<Autoscaling> autoscaling =
        Autoscaling.fromSpec(
            "inventory.autoscaling",
            section.autoscaling(),
            Topology.INVENTORY_ORDER_EVENTS.name(),
            rabbitmq);
    int replicas =
        Replicas.of(
            section.replicas(), autoscaling, scaled, DEFAULT_REPLICAS, "inventory.replicas");
    var container =
        ServiceContainer.fromSpec("inventory", section.resources(), section.javaOptions());
    return new InventoryModel(
        platform,
        registry,
        version,
        replicas,
        autoscaling.orElse(null),
        container,
        postgres,
        rabbitmq);
  }

  @Override
  protected Optional<PostgresModel> database() {
    return Optional.of(postgres);
  }

  @Override
  protected Optional<RabbitMqModel> broker() {
    return Optional.of(rabbitmq);
  }

  @Override
  protected List<EnvVar> serviceEnvironment() {
    List<EnvVar> env = new ArrayList<>(postgres.connectionEnv(INVENTORY));
    env.addAll(rabbitmq.connectionEnv(INVENTORY));
    env.add(EnvVars.value("AUTH_JWKS_URL", AuthModel.jwksUrl(platform().name())));
    return env;
  }

  @Override
  protected NetworkPolicyIngressRule ingressRule() {
    return NetworkPolicies.fromComponents(platform().name(), List.of(GATEWAY, ORDERS), HTTP_PORT);
  }

  @Override
  protected List<NetworkPolicyEgressRule> egressRules() {
    return List.of(
        postgres.clientEgressRule(),
        rabbitmq.clientEgressRule(),
        NetworkPolicies.toComponent(platform().name(), AUTH, HTTP_PORT));
  }
}
