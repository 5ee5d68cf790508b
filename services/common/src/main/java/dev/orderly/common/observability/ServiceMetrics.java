package dev.orderly.common.observability;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The service's own meters in the global registry, named the Prometheus way. */
public final class ServiceMetrics {

  private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();
  private static final Map<String, DistributionSummary> BATCHES = new ConcurrentHashMap<>();

  private ServiceMetrics() {}

  /**
   * Messages a consumer settled, by queue and outcome (processed, duplicate, retried,
   * dead_lettered).
   */
  public static void messageHandled(String queue, String outcome) {
    counter("orderly_messages_handled_total", "queue", queue, "outcome", outcome).increment();
  }

  /** Deliveries applied together in one consumer transaction. */
  public static void batchApplied(String queue, int size) {
    BATCHES
        .computeIfAbsent(
            queue,
            q ->
                registry()
                    .getOrCreate(
                        DistributionSummary.builder("orderly_inbox_batch_size")
                            .tags(Metrics.tags("queue", q))
                            .description("Deliveries applied in one transaction")))
        .record(size);
  }

  /** Sagas that reached an end state, by outcome (confirmed, cancelled) and reason. */
  public static void sagaOutcome(String outcome, String reason) {
    counter("orderly_saga_outcomes_total", "outcome", outcome, "reason", reason).increment();
  }

  /** Outbox messages the broker confirmed. */
  public static void outboxPublished(long count) {
    counter("orderly_outbox_published_total").increment(count);
  }

  /** Outbox publish attempts that failed and will be retried. */
  public static void outboxPublishFailed(long count) {
    counter("orderly_outbox_publish_failures_total").increment(count);
  }

  /** Registers a gauge read from {@code value} at scrape time. */
  public static void gauge(String name, String description, Supplier<? extends Number> value) {
    registry().getOrCreate(Gauge.builder(name, value).description(description));
  }

  private static Counter counter(String name, String... tags) {
    // Looking a meter up by name and tags costs more than counting: remember each one.
    return COUNTERS.computeIfAbsent(
        name + "\u0000" + String.join("\u0000", tags),
        k -> registry().getOrCreate(Counter.builder(name).tags(Metrics.tags(tags))));
  }

  private static MeterRegistry registry() {
    return Metrics.globalRegistry();
  }
}
