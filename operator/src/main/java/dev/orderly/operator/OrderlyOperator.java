package dev.orderly.operator;

import dev.orderly.operator.reconciler.OrderPlatformReconciler;
import dev.orderly.operator.reconciler.PlatformEvents;
import dev.orderly.operator.status.StatusAggregator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Builds the JOSDK operator with the OrderPlatform controller; used by {@link OperatorMain} and the tests. */
public final class OrderlyOperator {

  private OrderlyOperator() {}

  /** An operator, not yet started, reconciling OrderPlatforms through {@code client}. */
  public static Operator create(KubernetesClient client, OperatorSettings settings, MeterRegistry meterRegistry) {
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
                    new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, settings.leaseNamespace()));
              }
            });
    Clock clock = Clock.systemUTC();
    var reconciler =
        new OrderPlatformReconciler(settings.images(), new PlatformEvents(client, clock), new StatusAggregator(clock));
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
