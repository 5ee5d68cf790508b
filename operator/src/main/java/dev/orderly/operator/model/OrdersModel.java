package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.AUTH;
import static dev.orderly.operator.model.Component.GATEWAY;
import static dev.orderly.operator.model.Component.INVENTORY;
import static dev.orderly.operator.model.Component.ORDERS;

import dev.orderly.contracts.Durations;
import dev.orderly.contracts.Topology;
import dev.orderly.operator.api.v1alpha1.OrdersSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The orders service: owns the order saga, its database and the stock-events queue. */
public final class OrdersModel extends ServiceModel {

  public static final int DEFAULT_REPLICAS = 2;
  public static final String DEFAULT_SAGA_TIMEOUT = "30s";
  private static final Pattern DURATION = Pattern.compile(Durations.PATTERN);

  private final String sagaTimeout;
  private final PostgresModel postgres;
  private final RabbitMqModel rabbitmq;

  private OrdersModel(
      PlatformIdentity platform,
      String registry,
      String version,
      int replicas,
      Autoscaling autoscaling,
      ServiceContainer container,
      String sagaTimeout,
      PostgresModel postgres,
      RabbitMqModel rabbitmq) {
    super(platform, ORDERS, registry, version, replicas, autoscaling, container);
    this.sagaTimeout = sagaTimeout;
    this.postgres = postgres;
    this.rabbitmq = rabbitmq;
  }

  /**
   * Validates and defaults the {@code orders} section. {@code scaled} is what autoscaling decided:
   * the operator's backlog scaler's last decision ({@code scaler: Operator}), or the Deployment's
   * replicas as KEDA or an HPA set them ({@code Keda}, {@code External}); null before there is one,
   * and then an autoscaled service starts at its minimum.
   */
  public static OrdersModel fromSpec(
      PlatformIdentity platform,
      OrdersSpec spec,
      String registry,
      String version,
      PostgresModel postgres,
      RabbitMqModel rabbitmq,
      Integer scaled) {
    OrdersSpec section = spec == null ? new OrdersSpec(null, null, null, null, null) : spec;
    if (section.replicas() != null && section.autoscaling() != null) {
      throw new InvalidSpecException("orders", "set either replicas or autoscaling, not both");
    }
    Optional<Autoscaling> autoscaling =
        Autoscaling.fromSpec(
            "orders.autoscaling",
            section.autoscaling(),
            Topology.ORDERS_STOCK_EVENTS.name(),
            rabbitmq);
    int replicas =
        Replicas.of(section.replicas(), autoscaling, scaled, DEFAULT_REPLICAS, "orders.replicas");
    String timeout = section.sagaTimeout() == null ? DEFAULT_SAGA_TIMEOUT : section.sagaTimeout();
    if (!DURATION.matcher(timeout).matches()) {
      throw new InvalidSpecException(
          "orders.sagaTimeout", "must be a duration such as 30s or PT30S, got " + timeout);
    }
    var container = ServiceContainer.fromSpec("orders", section.resources(), section.javaOptions());
    return new OrdersModel(
        platform,
        registry,
        version,
        replicas,
        autoscaling.orElse(null),
        container,
        timeout,
        postgres,
        rabbitmq);
  }

  public String sagaTimeout() {
    return sagaTimeout;
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
    List<EnvVar> env = new ArrayList<>(postgres.connectionEnv(ORDERS));
    env.addAll(rabbitmq.connectionEnv(ORDERS));
    env.add(EnvVars.value("ORDERS_SAGA_TIMEOUT", sagaTimeout));
    env.add(EnvVars.value("ORDERS_INVENTORY_URL", ServiceModel.url(platform().name(), INVENTORY)));
    env.add(EnvVars.value("AUTH_JWKS_URL", AuthModel.jwksUrl(platform().name())));
    return env;
  }

  @Override
  protected NetworkPolicyIngressRule ingressRule() {
    return NetworkPolicies.fromComponents(platform().name(), List.of(GATEWAY), HTTP_PORT);
  }

  @Override
  protected List<NetworkPolicyEgressRule> egressRules() {
    return List.of(
        postgres.clientEgressRule(),
        rabbitmq.clientEgressRule(),
        NetworkPolicies.toComponent(platform().name(), AUTH, HTTP_PORT),
        // Placing an order checks that its products exist: GET /products/{id} on inventory
        // (ProductCatalog). GET /api/orders/{id}/details is the gateway's, not this service's.
        NetworkPolicies.toComponent(platform().name(), INVENTORY, HTTP_PORT));
  }
}
