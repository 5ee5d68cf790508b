package dev.orderly.operator.reconciler;

import static dev.orderly.operator.reconciler.SharedEventSources.CONFIG_MAPS;
import static dev.orderly.operator.reconciler.SharedEventSources.DEPLOYMENTS;
import static dev.orderly.operator.reconciler.SharedEventSources.DISRUPTION_BUDGETS;
import static dev.orderly.operator.reconciler.SharedEventSources.INGRESSES;
import static dev.orderly.operator.reconciler.SharedEventSources.NETWORK_POLICIES;
import static dev.orderly.operator.reconciler.SharedEventSources.SECRETS;
import static dev.orderly.operator.reconciler.SharedEventSources.SERVICES;
import static dev.orderly.operator.reconciler.SharedEventSources.STATEFUL_SETS;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.api.v1alpha1.QueueStatus;
import dev.orderly.operator.autoscaling.QueueReader;
import dev.orderly.operator.autoscaling.ScalerMetrics;
import dev.orderly.operator.dependent.AuthDeploymentDependent;
import dev.orderly.operator.dependent.AuthKeysSecretDependent;
import dev.orderly.operator.dependent.AuthServiceDependent;
import dev.orderly.operator.dependent.GatewayDeploymentDependent;
import dev.orderly.operator.dependent.GatewayServiceDependent;
import dev.orderly.operator.dependent.IngressDependent;
import dev.orderly.operator.dependent.InventoryDeploymentDependent;
import dev.orderly.operator.dependent.InventoryServiceDependent;
import dev.orderly.operator.dependent.KedaSecretDependent;
import dev.orderly.operator.dependent.NetworkPoliciesDependent;
import dev.orderly.operator.dependent.OrdersDeploymentDependent;
import dev.orderly.operator.dependent.OrdersServiceDependent;
import dev.orderly.operator.dependent.PodDisruptionBudgetsDependent;
import dev.orderly.operator.dependent.PodMonitorDependent;
import dev.orderly.operator.dependent.PostgresCredentialsSecretDependent;
import dev.orderly.operator.dependent.PostgresHeadlessServiceDependent;
import dev.orderly.operator.dependent.PostgresInitConfigMapDependent;
import dev.orderly.operator.dependent.PostgresServiceDependent;
import dev.orderly.operator.dependent.PostgresStatefulSetDependent;
import dev.orderly.operator.dependent.RabbitMqConfigMapDependent;
import dev.orderly.operator.dependent.RabbitMqCredentialsSecretDependent;
import dev.orderly.operator.dependent.RabbitMqDefinitionsSecretDependent;
import dev.orderly.operator.dependent.RabbitMqHeadlessServiceDependent;
import dev.orderly.operator.dependent.RabbitMqServiceDependent;
import dev.orderly.operator.dependent.RabbitMqStatefulSetDependent;
import dev.orderly.operator.dependent.ScaledObjectsDependent;
import dev.orderly.operator.dependent.TriggerAuthenticationDependent;
import dev.orderly.operator.dependent.condition.BrokerReady;
import dev.orderly.operator.dependent.condition.DatabaseReady;
import dev.orderly.operator.dependent.condition.DeploymentReady;
import dev.orderly.operator.dependent.condition.KedaPresent;
import dev.orderly.operator.dependent.condition.PrometheusOperatorPresent;
import dev.orderly.operator.health.OutboxReader;
import dev.orderly.operator.model.Images;
import dev.orderly.operator.model.InvalidSpecException;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.SpecWarnings;
import dev.orderly.operator.status.PlatformObservation;
import dev.orderly.operator.status.Problem;
import dev.orderly.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Reconciles an OrderPlatform: validates the spec into a {@link PlatformModel}, checks what the
 * spec references, runs the workflow of dependents (secrets, then database and broker, then auth,
 * orders and inventory, then gateway, then Ingress, each stage gated on the previous one being
 * ready) and writes the status the {@link StatusAggregator} computes.
 */
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      @Dependent(
          name = "postgres-credentials",
          type = PostgresCredentialsSecretDependent.class,
          useEventSourceWithName = SECRETS),
      @Dependent(
          name = "rabbitmq-credentials",
          type = RabbitMqCredentialsSecretDependent.class,
          useEventSourceWithName = SECRETS),
      @Dependent(
          name = "auth-keys",
          type = AuthKeysSecretDependent.class,
          useEventSourceWithName = SECRETS),
      @Dependent(
          name = "postgres-init",
          type = PostgresInitConfigMapDependent.class,
          useEventSourceWithName = CONFIG_MAPS),
      @Dependent(
          name = "postgres-headless",
          type = PostgresHeadlessServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "postgres-service",
          type = PostgresServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "postgres",
          type = PostgresStatefulSetDependent.class,
          useEventSourceWithName = STATEFUL_SETS,
          dependsOn = {"postgres-credentials", "postgres-init", "postgres-headless"},
          readyPostcondition = DatabaseReady.class),
      @Dependent(
          name = "rabbitmq-config",
          type = RabbitMqConfigMapDependent.class,
          useEventSourceWithName = CONFIG_MAPS),
      @Dependent(
          name = "rabbitmq-definitions",
          type = RabbitMqDefinitionsSecretDependent.class,
          useEventSourceWithName = SECRETS,
          dependsOn = "rabbitmq-credentials"),
      @Dependent(
          name = "rabbitmq-headless",
          type = RabbitMqHeadlessServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "rabbitmq-service",
          type = RabbitMqServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "rabbitmq",
          type = RabbitMqStatefulSetDependent.class,
          useEventSourceWithName = STATEFUL_SETS,
          dependsOn = {"rabbitmq-config", "rabbitmq-definitions", "rabbitmq-headless"},
          readyPostcondition = BrokerReady.class),
      @Dependent(
          name = "auth-service",
          type = AuthServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "auth",
          type = AuthDeploymentDependent.class,
          useEventSourceWithName = DEPLOYMENTS,
          dependsOn = {"postgres", "postgres-service", "auth-keys", "auth-service"},
          readyPostcondition = DeploymentReady.class),
      @Dependent(
          name = "orders-service",
          type = OrdersServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "orders",
          type = OrdersDeploymentDependent.class,
          useEventSourceWithName = DEPLOYMENTS,
          dependsOn = {"auth", "rabbitmq", "rabbitmq-service", "orders-service"},
          readyPostcondition = DeploymentReady.class),
      @Dependent(
          name = "inventory-service",
          type = InventoryServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "inventory",
          type = InventoryDeploymentDependent.class,
          useEventSourceWithName = DEPLOYMENTS,
          dependsOn = {"auth", "rabbitmq", "rabbitmq-service", "inventory-service"},
          readyPostcondition = DeploymentReady.class),
      @Dependent(
          name = "gateway-service",
          type = GatewayServiceDependent.class,
          useEventSourceWithName = SERVICES),
      @Dependent(
          name = "gateway",
          type = GatewayDeploymentDependent.class,
          useEventSourceWithName = DEPLOYMENTS,
          dependsOn = {"orders", "inventory", "gateway-service"},
          readyPostcondition = DeploymentReady.class),
      @Dependent(
          name = "ingress",
          type = IngressDependent.class,
          useEventSourceWithName = INGRESSES,
          dependsOn = "gateway"),
      @Dependent(
          name = "disruption-budgets",
          type = PodDisruptionBudgetsDependent.class,
          useEventSourceWithName = DISRUPTION_BUDGETS),
      @Dependent(
          name = "network-policies",
          type = NetworkPoliciesDependent.class,
          useEventSourceWithName = NETWORK_POLICIES),
      @Dependent(
          name = "pod-monitor",
          type = PodMonitorDependent.class,
          activationCondition = PrometheusOperatorPresent.class),
      @Dependent(
          name = "keda-secret",
          type = KedaSecretDependent.class,
          useEventSourceWithName = SECRETS,
          dependsOn = "rabbitmq-credentials"),
      @Dependent(
          name = "keda-trigger-authentication",
          type = TriggerAuthenticationDependent.class,
          activationCondition = KedaPresent.class),
      @Dependent(
          name = "keda-scaled-objects",
          type = ScaledObjectsDependent.class,
          activationCondition = KedaPresent.class),
    })
@ControllerConfiguration(
    name = OrderPlatformReconciler.NAME,
    // A periodic re-check repairs what no event reports and re-reads referenced Secrets.
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class OrderPlatformReconciler implements Reconciler<OrderPlatform> {

  public static final String NAME = "orderplatform";

  /**
   * How soon a platform blocked on something outside the operator (a missing Secret) is re-checked.
   */
  public static final Duration RECHECK_INTERVAL = Duration.ofSeconds(30);

  private final Images images;
  private final PlatformEvents events;
  private final StatusAggregator aggregator;
  private final StatusAnnouncer announcer;
  private final PlatformAutoscaler autoscaler;
  private final Duration autoscalingInterval;
  private final QueueHealth queueHealth;

  /**
   * The status last written per platform (by uid): the informer's copy of a platform may predate
   * the patch, and a status computed from it would announce the same change twice.
   */
  private final Map<String, OrderPlatformStatus> written = new ConcurrentHashMap<>();

  private final Clock clock;
  private volatile Instant prunedAt = Instant.MIN;

  /**
   * @param queues where the backlog scaler reads queue depths
   * @param outboxes where the saga services' outboxes are read
   * @param autoscalingInterval how often a platform the operator autoscales is re-read
   * @param queueHealthInterval how often each saga service's queues and outbox are read for the
   *     status
   */
  public OrderPlatformReconciler(
      Images images,
      PlatformEvents events,
      StatusAggregator aggregator,
      QueueReader queues,
      OutboxReader outboxes,
      ScalerMetrics scalerMetrics,
      Clock clock,
      Duration autoscalingInterval,
      Duration queueHealthInterval) {
    this.images = images;
    this.events = events;
    this.aggregator = aggregator;
    this.announcer = new StatusAnnouncer(events);
    this.autoscaler = new PlatformAutoscaler(queues, events, clock, scalerMetrics);
    this.autoscalingInterval = autoscalingInterval;
    this.queueHealth = new QueueHealth(queues, outboxes, events, clock, queueHealthInterval);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, OrderPlatform>> prepareEventSources(
      EventSourceContext<OrderPlatform> context) {
    return SharedEventSources.create(context);
  }

  @Override
  public UpdateControl<OrderPlatform> reconcile(
      OrderPlatform cached, Context<OrderPlatform> context) {
    forgetDeletedPlatforms(context);
    OrderPlatform platform = withLastWrittenStatus(cached);
    PlatformModel model;
    try {
      model = PlatformModel.of(platform, images);
    } catch (InvalidSpecException e) {
      // Retrying cannot help: the next spec change triggers a new reconciliation.
      return statusUpdate(
          platform, PlatformObserver.unmodelled(platform, Problem.invalidSpec(e.getMessage())));
    }
    warnAboutRiskyChoicesOfNewGeneration(platform, model);
    Optional<Problem> secretProblem = secretProblem(platform, model, context);
    if (secretProblem.isPresent()) {
      return statusUpdate(
              platform,
              PlatformObserver.observe(platform, model, context, secretProblem.get(), null, null))
          .rescheduleAfter(RECHECK_INTERVAL);
    }
    PlatformAutoscaler.Result scaling = autoscaler.scale(platform, model, context);
    if (!scaling.replicas().isEmpty()) {
      // Valid already: the same spec, with the decided replicas in place of the minimum.
      model = PlatformModel.of(platform, images, scaling.replicas());
    }
    new PlatformContext(model, events).attachTo(context);
    var result = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    // Rethrown so JOSDK retries with backoff; updateErrorStatus reports it.
    result.throwAggregateExceptionIfErrorsPresent();
    Map<String, QueueStatus> queues = queueHealth.read(platform, model, context);
    UpdateControl<OrderPlatform> control =
        statusUpdate(
            platform,
            PlatformObserver.observe(platform, model, context, null, queues, scaling.statuses()));
    // Queues and outboxes change without any Kubernetes event, so they are re-read on a timer.
    return control.rescheduleAfter(
        scaling.polling() ? autoscalingInterval : queueHealth.interval());
  }

  /**
   * Drops what this process remembers of platforms no longer in the cache (deleted), at most once
   * per queue-health interval: deletion reaches no reconciler without a finalizer, and a finalizer
   * would hold every platform's deletion hostage to the operator running.
   */
  private void forgetDeletedPlatforms(Context<OrderPlatform> context) {
    Instant now = clock.instant();
    if (Duration.between(prunedAt, now).compareTo(queueHealth.interval()) < 0) {
      return;
    }
    prunedAt = now;
    Set<String> live =
        context
            .getPrimaryCache()
            .list()
            .map(platform -> platform.getMetadata().getUid())
            .collect(Collectors.toSet());
    written.keySet().retainAll(live);
    queueHealth.forgetAllBut(live);
    autoscaler.forgetAllBut(live);
  }

  @Override
  public ErrorStatusUpdateControl<OrderPlatform> updateErrorStatus(
      OrderPlatform platform, Context<OrderPlatform> context, Exception error) {
    String message =
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    events.warning(platform, Problem.reconcileError(message).reason(), message);
    OrderPlatform latest = withLastWrittenStatus(platform);
    OrderPlatformStatus status =
        statusOf(latest, PlatformObserver.unmodelled(latest, Problem.reconcileError(message)));
    written.put(platform.getMetadata().getUid(), status);
    return ErrorStatusUpdateControl.patchStatus(withStatus(platform, status));
  }

  /**
   * What keeps the platform's Secrets from being used: a referenced one missing, or a generated one
   * gone while the store that knows its passwords is not.
   */
  private static Optional<Problem> secretProblem(
      OrderPlatform platform, PlatformModel model, Context<OrderPlatform> context) {
    return ExternalSecretCheck.check(model, name -> findSecret(platform, name, context))
        .or(
            () ->
                GeneratedSecretCheck.check(
                    model,
                    name ->
                        Secondaries.named(context, Secret.class, name)
                            .or(() -> findSecret(platform, name, context)),
                    name -> findClaim(platform, name, context)));
  }

  /** Once per spec change: the status records the generation already looked at. */
  private void warnAboutRiskyChoicesOfNewGeneration(OrderPlatform platform, PlatformModel model) {
    OrderPlatformStatus status = platform.getStatus();
    if (status != null
        && Objects.equals(status.observedGeneration(), platform.getMetadata().getGeneration())) {
      return;
    }
    SpecWarnings.of(model).forEach(warning -> events.warning(platform, "RiskySpec", warning));
  }

  private UpdateControl<OrderPlatform> statusUpdate(
      OrderPlatform platform, PlatformObservation observation) {
    OrderPlatformStatus status = statusOf(platform, observation);
    if (status.equals(platform.getStatus())) {
      return UpdateControl.noUpdate();
    }
    written.put(platform.getMetadata().getUid(), status);
    return UpdateControl.patchStatus(withStatus(platform, status));
  }

  private OrderPlatformStatus statusOf(OrderPlatform platform, PlatformObservation observation) {
    OrderPlatformStatus status = aggregator.aggregate(observation);
    announcer.announceChanges(platform, platform.getStatus(), status);
    return status;
  }

  /**
   * {@code cached}, with the status this operator last wrote when the cache has not caught up with
   * it.
   */
  private OrderPlatform withLastWrittenStatus(OrderPlatform cached) {
    OrderPlatformStatus last = written.get(cached.getMetadata().getUid());
    if (last == null || last.equals(cached.getStatus())) {
      return cached;
    }
    // A copy: the informer's objects are shared and never modified.
    OrderPlatform latest = new OrderPlatform();
    latest.setMetadata(cached.getMetadata());
    latest.setSpec(cached.getSpec());
    latest.setStatus(last);
    return latest;
  }

  /**
   * A patch carrying only the identity and the status, so nothing else is claimed or overwritten.
   */
  private static OrderPlatform withStatus(OrderPlatform platform, OrderPlatformStatus status) {
    OrderPlatform patch = new OrderPlatform();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(platform.getMetadata().getName())
            .withNamespace(platform.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private static Optional<PersistentVolumeClaim> findClaim(
      OrderPlatform platform, String name, Context<OrderPlatform> context) {
    // Read directly, only when a Secret is missing: claims are the StatefulSets' children, not
    // watched.
    return Optional.ofNullable(
        context
            .getClient()
            .persistentVolumeClaims()
            .inNamespace(platform.getMetadata().getNamespace())
            .withName(name)
            .get());
  }

  private static Optional<Secret> findSecret(
      OrderPlatform platform, String name, Context<OrderPlatform> context) {
    // Read directly: user Secrets are not managed by the operator, so no informer caches them.
    return Optional.ofNullable(
        context
            .getClient()
            .secrets()
            .inNamespace(platform.getMetadata().getNamespace())
            .withName(name)
            .get());
  }
}
