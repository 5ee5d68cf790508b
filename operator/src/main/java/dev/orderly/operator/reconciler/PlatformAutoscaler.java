package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.AutoscalingStatus;
import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.autoscaling.BacklogScaler;
import dev.orderly.operator.autoscaling.QueueReader;
import dev.orderly.operator.autoscaling.QueueReader.QueueReadException;
import dev.orderly.operator.autoscaling.QueueSample;
import dev.orderly.operator.autoscaling.ScaleDecision;
import dev.orderly.operator.autoscaling.ScalerMetrics;
import dev.orderly.operator.model.Autoscaling;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ServiceModel;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the backlog scaler of each service a platform autoscales, once per reconciliation: reads the
 * service's queue from the platform's RabbitMQ, decides its replicas, and reports the decision and
 * its inputs in the status, in an Event when the replicas change, and in metrics. A reading that
 * fails holds the replicas. The decided replicas are kept here, since the next reconciliation may
 * see the platform from before this one's status patch, and in the status, so that a new leader
 * carries on from them rather than from the minimum.
 */
final class PlatformAutoscaler {

  /**
   * What the scalers decided for one platform.
   *
   * @param replicas the replicas of each autoscaled service, for the model
   * @param statuses the status of each autoscaled service, by component id; empty when none is
   * @param polling whether the operator scales something, so the platform must be re-read
   *     periodically
   */
  record Result(
      Map<Component, Integer> replicas, Map<String, AutoscalingStatus> statuses, boolean polling) {}

  private final QueueReader reader;
  private final PlatformEvents events;
  private final Clock clock;
  private final ScalerMetrics metrics;
  private final Map<String, ScalerState> states = new ConcurrentHashMap<>();

  /** What this process decided for one service of one platform. */
  private static final class ScalerState {
    final String namespace;
    final String platform;
    final BacklogScaler scaler = new BacklogScaler();
    Integer replicas;
    String lastScaleTime;
    String problem;

    ScalerState(String namespace, String platform) {
      this.namespace = namespace;
      this.platform = platform;
    }
  }

  PlatformAutoscaler(
      QueueReader reader, PlatformEvents events, Clock clock, ScalerMetrics metrics) {
    this.reader = reader;
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Drops what was decided for platforms whose uid is not in {@code live} (deleted), and their
   * gauges.
   */
  void forgetAllBut(Set<String> live) {
    states
        .entrySet()
        .removeIf(
            entry -> {
              if (live.contains(entry.getKey().substring(0, entry.getKey().indexOf('/')))) {
                return false;
              }
              metrics.forget(entry.getValue().namespace, entry.getValue().platform);
              return true;
            });
  }

  Result scale(OrderPlatform platform, PlatformModel model, Context<OrderPlatform> context) {
    Map<Component, Integer> replicas = new LinkedHashMap<>();
    Map<String, AutoscalingStatus> statuses = new LinkedHashMap<>();
    boolean polling = false;
    for (ServiceModel service : model.services()) {
      Optional<Autoscaling> autoscaling = service.autoscaling();
      if (autoscaling.isEmpty()) {
        continue;
      }
      Component component = service.component();
      Optional<Integer> deployed = deployedReplicas(model, component, context);
      if (!autoscaling.get().byOperator()) {
        deployed.ifPresent(count -> replicas.put(component, count));
        statuses.put(
            component.id(),
            new AutoscalingStatus(
                autoscaling.get().queue(),
                null,
                null,
                null,
                null,
                null,
                null,
                autoscaling.get().byKeda()
                    ? "Replicas are KEDA's, from the ScaledObject "
                        + model.platform().workloadName(component)
                        + " (where KEDA is installed)"
                    : "Replicas are left to an HPA or KEDA (scaler: External)"));
        continue;
      }
      polling = true;
      AutoscalingStatus previous = previousStatus(platform, component);
      ScalerState state =
          states.computeIfAbsent(
              platform.getMetadata().getUid() + "/" + component.id(),
              key -> new ScalerState(model.platform().namespace(), model.platform().name()));
      if (state.replicas == null && previous != null) {
        state.replicas = previous.replicas();
        state.lastScaleTime = previous.lastScaleTime();
      }
      int current =
          autoscaling
              .get()
              .bounded(
                  Optional.ofNullable(state.replicas)
                      .or(() -> deployed)
                      .orElse(autoscaling.get().minReplicas()));
      AutoscalingStatus status =
          scaleOne(platform, model, component, autoscaling.get(), current, state, context);
      state.replicas = status.replicas();
      replicas.put(component, status.replicas());
      statuses.put(component.id(), status);
    }
    return new Result(replicas, statuses, polling);
  }

  private AutoscalingStatus scaleOne(
      OrderPlatform platform,
      PlatformModel model,
      Component component,
      Autoscaling bounds,
      int current,
      ScalerState state,
      Context<OrderPlatform> context) {
    String namespace = model.platform().namespace();
    String name = model.platform().name();
    QueueSample sample;
    try {
      sample = reader.read(BrokerAccesses.of(model, context), bounds.queue());
    } catch (QueueReadException e) {
      metrics.recordReadFailure(namespace, name, component.id());
      String message =
          "Cannot read the backlog of "
              + bounds.queue()
              + ", holding "
              + current
              + " pods: "
              + e.getMessage();
      if (!Objects.equals(state.problem, message)) {
        events.warning(platform, "AutoscalingUnavailable", component.id() + ": " + message);
        state.problem = message;
      }
      return new AutoscalingStatus(
          bounds.queue(), current, null, null, null, null, state.lastScaleTime, message);
    }
    state.problem = null;
    Instant now = clock.instant();
    ScaleDecision decision = state.scaler.decide(bounds, current, sample, now);
    metrics.recordDecision(namespace, name, component.id(), sample, decision);
    if (decision.scales()) {
      state.lastScaleTime = now.toString();
      events.normal(
          platform,
          decision.replicas() > current ? "ScaledUp" : "ScaledDown",
          component.id()
              + " "
              + current
              + " -> "
              + decision.replicas()
              + " pods: "
              + decision.reason());
    }
    return new AutoscalingStatus(
        bounds.queue(),
        decision.replicas(),
        sample.backlog(),
        sample.consumers(),
        rounded(sample.publishRate()),
        rounded(sample.consumeRate()),
        state.lastScaleTime,
        decision.reason());
  }

  private static Optional<Integer> deployedReplicas(
      PlatformModel model, Component component, Context<OrderPlatform> context) {
    return Secondaries.named(context, Deployment.class, model.platform().workloadName(component))
        .map(deployment -> deployment.getSpec().getReplicas());
  }

  private static AutoscalingStatus previousStatus(OrderPlatform platform, Component component) {
    return Optional.ofNullable(platform.getStatus())
        .map(OrderPlatformStatus::autoscaling)
        .map(byComponent -> byComponent.get(component.id()))
        .orElse(null);
  }

  /** One decimal: finer rates would rewrite the status on every reading for nothing. */
  private static double rounded(double rate) {
    return Math.round(rate * 10) / 10.0;
  }
}
