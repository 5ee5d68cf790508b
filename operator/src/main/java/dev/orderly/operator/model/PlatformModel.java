package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every component model of one OrderPlatform, built once per reconciliation from its spec and the
 * operator's image defaults. Building it validates the whole spec.
 */
public record PlatformModel(
    PlatformIdentity platform,
    String version,
    PostgresModel postgres,
    RabbitMqModel rabbitmq,
    AuthModel auth,
    OrdersModel orders,
    InventoryModel inventory,
    GatewayModel gateway,
    Optional<IngressModel> ingress,
    PodPlacement placement,
    MonitoringModel monitoring) {

  /**
   * Validates and defaults {@code resource}'s spec, autoscaled services at their minimum.
   *
   * @throws InvalidSpecException naming the first field that cannot be used
   */
  public static PlatformModel of(OrderPlatform resource, Images images) {
    return of(resource, images, Map.of());
  }

  /**
   * The same, autoscaled services at the replicas the backlog scaler decided ({@code scaled}, by
   * component; bounded by the spec).
   */
  public static PlatformModel of(
      OrderPlatform resource, Images images, Map<Component, Integer> scaled) {
    OrderPlatformSpec spec = resource.getSpec();
    if (spec == null || spec.version() == null || spec.version().isBlank()) {
      throw new InvalidSpecException("version", "is required");
    }
    var platform =
        PlatformIdentity.of(
                resource.getMetadata().getName(),
                resource.getMetadata().getNamespace(),
                spec.ingress())
            .withTracing(
                TracingModel.fromSpec(
                    spec.monitoring() == null ? null : spec.monitoring().tracing()));
    String registry =
        spec.registry() == null || spec.registry().isBlank() ? images.registry() : spec.registry();
    String version = spec.version();
    var postgres = PostgresModel.fromSpec(platform, spec.postgres(), images);
    var rabbitmq = RabbitMqModel.fromSpec(platform, spec.rabbitmq(), images);
    return new PlatformModel(
        platform,
        version,
        postgres,
        rabbitmq,
        AuthModel.fromSpec(platform, spec.auth(), registry, version, postgres),
        OrdersModel.fromSpec(
            platform,
            spec.orders(),
            registry,
            version,
            postgres,
            rabbitmq,
            scaled.get(Component.ORDERS)),
        InventoryModel.fromSpec(
            platform,
            spec.inventory(),
            registry,
            version,
            postgres,
            rabbitmq,
            scaled.get(Component.INVENTORY)),
        GatewayModel.fromSpec(platform, spec.gateway(), registry, version, spec.ingress()),
        Optional.ofNullable(spec.ingress())
            .map(ingress -> IngressModel.fromSpec(platform, ingress, version)),
        PodPlacement.fromSpec(spec.scheduling(), spec.imagePullSecrets()),
        MonitoringModel.fromSpec(platform, spec.monitoring()));
  }

  /** The model of one of the four services. */
  public ServiceModel service(Component component) {
    return switch (component) {
      case AUTH -> auth;
      case ORDERS -> orders;
      case INVENTORY -> inventory;
      case GATEWAY -> gateway;
      default -> throw new IllegalArgumentException(component + " is not a service");
    };
  }

  /** The four services, in rollout order. */
  public List<ServiceModel> services() {
    return Component.SERVICES.stream().map(this::service).toList();
  }

  /** The Deployment of one of the four services, placed where the spec says. */
  public Deployment generateDeployment(Component service) {
    Deployment deployment = service(service).generateDeployment();
    placement.place(deployment.getSpec().getTemplate());
    return deployment;
  }

  /**
   * The StatefulSet of the managed database or broker, placed where the spec says. It keeps the
   * claim size and class {@code existing} was created with, since claim templates are immutable.
   */
  public StatefulSet generateStatefulSet(DataStore store, Optional<StatefulSet> existing) {
    StatefulSet desired =
        store.generateStatefulSet(existing.flatMap(Storages::claimSizeOf).orElse(null));
    existing.ifPresent(actual -> Storages.withClaimClassOf(actual, desired));
    placement.place(desired.getSpec().getTemplate());
    return desired;
  }

  /** One budget per service running more than one pod, and one per managed store. */
  public List<PodDisruptionBudget> generateDisruptionBudgets() {
    List<PodDisruptionBudget> budgets = new ArrayList<>();
    services().forEach(service -> service.generatePodDisruptionBudget().ifPresent(budgets::add));
    Stream.of(postgres, rabbitmq)
        .filter(DataStore::isManaged)
        .forEach(store -> budgets.add(store.generatePodDisruptionBudget()));
    return budgets;
  }

  /** One policy per deployed component: the services, and the broker and database when managed. */
  public List<NetworkPolicy> generateNetworkPolicies() {
    List<NetworkPolicy> policies = new ArrayList<>();
    services()
        .forEach(
            service ->
                policies.add(
                    monitoring.admitScrapers(
                        service.generateNetworkPolicy(), ServiceModel.OBSERVE_PORT)));
    if (postgres.isManaged()) {
      policies.add(postgres.generateNetworkPolicy());
    }
    if (rabbitmq.isManaged()) {
      NetworkPolicy broker =
          monitoring.admitScrapers(rabbitmq.generateNetworkPolicy(), RabbitMqModel.PROMETHEUS_PORT);
      if (keda().wanted()) {
        // KEDA's operator reads the queues through the management API, as this operator does.
        broker
            .getSpec()
            .getIngress()
            .add(
                NetworkPolicies.fromPodsNamed(
                    KedaModel.KEDA_OPERATOR_POD_NAME, RabbitMqModel.MANAGEMENT_PORT));
      }
      policies.add(broker);
    }
    return policies;
  }

  /** What KEDA needs for the services it scales. */
  public KedaModel keda() {
    return new KedaModel(this);
  }

  /** Where clients reach the gateway: the Ingress host, or the in-cluster Service. */
  public String endpoint() {
    return platform.endpoint();
  }
}
