package dev.orderly.operator.autoscaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backlog scaler's own metrics, per platform and component: {@code
 * orderly_autoscaler_backlog_messages}, {@code orderly_autoscaler_replicas}, {@code
 * orderly_autoscaler_scalings_total{direction}} and {@code orderly_autoscaler_read_failures_total}.
 */
public final class ScalerMetrics {

  private final MeterRegistry registry;
  private final Map<Tags, AtomicLong> backlogs = new ConcurrentHashMap<>();
  private final Map<Tags, AtomicLong> replicas = new ConcurrentHashMap<>();

  public ScalerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The backlog read and the replicas decided for a consumer. */
  public void recordDecision(
      String namespace,
      String platform,
      String component,
      QueueSample sample,
      ScaleDecision decision) {
    Tags tags = tags(namespace, platform, component);
    gauge(
            backlogs,
            "orderly.autoscaler.backlog",
            "messages",
            "Messages waiting or in flight in the consumer's queue",
            tags)
        .set(sample.backlog());
    gauge(
            replicas,
            "orderly.autoscaler.replicas",
            null,
            "Replicas the backlog scaler decided",
            tags)
        .set(decision.replicas());
    if (decision.scales()) {
      Counter.builder("orderly.autoscaler.scalings")
          .description("Replica changes the backlog scaler made")
          .tags(tags.and("direction", decision.direction()))
          .register(registry)
          .increment();
    }
  }

  /** A reading of the broker that failed. */
  public void recordReadFailure(String namespace, String platform, String component) {
    Counter.builder("orderly.autoscaler.read.failures")
        .description("Readings of a consumer's queue that failed; the replicas were held")
        .tags(tags(namespace, platform, component))
        .register(registry)
        .increment();
  }

  /** Removes every meter of a deleted platform. */
  public void forget(String namespace, String platform) {
    List.of(
            "orderly.autoscaler.backlog",
            "orderly.autoscaler.replicas",
            "orderly.autoscaler.scalings",
            "orderly.autoscaler.read.failures")
        .forEach(
            name ->
                registry
                    .find(name)
                    .tags("namespace", namespace, "platform", platform)
                    .meters()
                    .forEach(registry::remove));
    backlogs.keySet().removeIf(tags -> isOf(tags, namespace, platform));
    replicas.keySet().removeIf(tags -> isOf(tags, namespace, platform));
  }

  private static boolean isOf(Tags tags, String namespace, String platform) {
    return tags.stream()
            .anyMatch(t -> t.getKey().equals("namespace") && t.getValue().equals(namespace))
        && tags.stream()
            .anyMatch(t -> t.getKey().equals("platform") && t.getValue().equals(platform));
  }

  private AtomicLong gauge(
      Map<Tags, AtomicLong> holders, String name, String unit, String description, Tags tags) {
    return holders.computeIfAbsent(
        tags,
        key -> {
          AtomicLong holder = new AtomicLong();
          Gauge.builder(name, holder, AtomicLong::get)
              .description(description)
              .baseUnit(unit)
              .tags(key)
              .register(registry);
          return holder;
        });
  }

  private static Tags tags(String namespace, String platform, String component) {
    return Tags.of("namespace", namespace, "platform", platform, "component", component);
  }
}
