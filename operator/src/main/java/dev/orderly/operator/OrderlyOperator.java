package dev.orderly.operator;

import dev.orderly.operator.autoscaling.ManagementApiQueueReader;
import dev.orderly.operator.autoscaling.QueueReader;
import dev.orderly.operator.autoscaling.ScalerMetrics;
import dev.orderly.operator.dependent.ForeignKinds;
import dev.orderly.operator.health.ObservePortOutboxReader;
import dev.orderly.operator.health.OutboxReader;
import dev.orderly.operator.reconciler.OrderPlatformReconciler;
import dev.orderly.operator.reconciler.PlatformEvents;
import dev.orderly.operator.status.StatusAggregator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Builds the JOSDK operator with the OrderPlatform controller; used by {@link OperatorMain} and the
 * tests.
 */
public final class OrderlyOperator {

  private OrderlyOperator() {}

  /**
   * An operator, not yet started, reconciling OrderPlatforms through {@code client}; with leader
   * election it exits the JVM when it loses the Lease, so a stale leader never keeps reconciling.
   */
  public static Operator create(
      KubernetesClient client, OperatorSettings settings, MeterRegistry meterRegistry) {
    return create(client, settings, meterRegistry, true);
  }

  /**
   * The same, choosing whether losing (or, on stop, releasing) the Lease exits the JVM: only tests
   * that run and stop operators inside the test JVM pass false.
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      MeterRegistry meterRegistry,
      boolean exitOnLostLeadership) {
    return create(
        client,
        settings,
        meterRegistry,
        exitOnLostLeadership,
        new ManagementApiQueueReader(),
        new ObservePortOutboxReader());
  }

  /**
   * The same, reading queue backlogs through {@code queues} and outboxes through {@code outboxes}:
   * tests stand in for brokers and pods they do not run.
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      MeterRegistry meterRegistry,
      boolean exitOnLostLeadership,
      QueueReader queues,
      OutboxReader outboxes) {
    ForeignKinds.registerWith(client);
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meterRegistry))
                  .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                  .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply());
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            OperatorSettings.LEASE_NAME)
                        .withLeaseNamespace(settings.leaseNamespace())
                        .withExitOnStopLeading(exitOnLostLeadership)
                        .build());
              }
            });
    Clock clock = Clock.systemUTC();
    var reconciler =
        new OrderPlatformReconciler(
            settings.images(),
            new PlatformEvents(client, clock),
            new StatusAggregator(clock),
            queues,
            outboxes,
            new ScalerMetrics(meterRegistry),
            clock,
            settings.autoscalingInterval(),
            settings.queueHealthInterval());
    operator.register(
        reconciler,
        configuration -> {
          if (settings.watchesAllNamespaces()) {
            configuration.watchingAllNamespaces();
          } else {
            configuration.settingNamespaces(settings.watchNamespaces());
          }
        });
    return operator;
  }
}
