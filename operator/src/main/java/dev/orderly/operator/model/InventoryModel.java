package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.AUTH;
import static dev.orderly.operator.model.Component.GATEWAY;
import static dev.orderly.operator.model.Component.INVENTORY;
import static dev.orderly.operator.model.Component.ORDERS;

import dev.orderly.operator.api.v1alpha1.AutoscalingSpec;
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

  private final AutoscalingSpec autoscaling;
  private final PostgresModel postgres;
  private final RabbitMqModel rabbitmq;

  private InventoryModel(
      PlatformIdentity platform,
      String registry,
      String version,
      int replicas,
      AutoscalingSpec autoscaling,
      PostgresModel postgres,
      RabbitMqModel rabbitmq) {
    super(platform, INVENTORY, registry, version, replicas);
    this.autoscaling = autoscaling;
    this.postgres = postgres;
    this.rabbitmq = rabbitmq;
  }

  /**
   * Validates and defaults the {@code inventory} section. With autoscaling the Deployment starts at
   * minReplicas; the backlog scaler moves it between the bounds.
   */
  public static InventoryModel fromSpec(
      PlatformIdentity platform,
      InventorySpec spec,
      String registry,
      String version,
      PostgresModel postgres,
      RabbitMqModel rabbitmq) {
    InventorySpec section = spec == null ? new InventorySpec(null, null) : spec;
    if (section.replicas() != null && section.autoscaling() != null) {
      throw new InvalidSpecException("inventory", "set either replicas or autoscaling, not both");
    }
    AutoscalingSpec autoscaling = section.autoscaling() == null ? null : validAutoscaling(section.autoscaling());
    int replicas =
        autoscaling != null
            ? autoscaling.minReplicas()
            : Replicas.orDefault(section.replicas(), DEFAULT_REPLICAS, "inventory.replicas");
    return new InventoryModel(platform, registry, version, replicas, autoscaling, postgres, rabbitmq);
  }

  /** The autoscaling bounds, defaulted, when autoscaling is on. */
  public Optional<AutoscalingSpec> autoscaling() {
    return Optional.ofNullable(autoscaling);
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

  private static AutoscalingSpec validAutoscaling(AutoscalingSpec spec) {
    int min = spec.minReplicas() == null ? 1 : spec.minReplicas();
    int max = spec.maxReplicas() == null ? 5 : spec.maxReplicas();
    int backlog = spec.targetBacklogPerReplica() == null ? 100 : spec.targetBacklogPerReplica();
    if (min < 1 || max > Replicas.MAX) {
      throw new InvalidSpecException("inventory.autoscaling", "replicas must be between 1 and " + Replicas.MAX);
    }
    if (max < min) {
      throw new InvalidSpecException("inventory.autoscaling.maxReplicas", "must be greater than or equal to minReplicas");
    }
    if (backlog < 1) {
      throw new InvalidSpecException("inventory.autoscaling.targetBacklogPerReplica", "must be at least 1");
    }
    return new AutoscalingSpec(min, max, backlog);
  }
}
