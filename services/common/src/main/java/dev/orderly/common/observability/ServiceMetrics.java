package dev.orderly.common.observability;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The service's own meters in the global registry, named the Prometheus way. */
public final class ServiceMetrics {

  private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();
  private static final Map<String, DistributionSummary> BATCHES = new ConcurrentHashMap<>();
  private static final Map<String, Timer> TIMERS = new ConcurrentHashMap<>();

  // OpenTelemetry's advice for HTTP durations, in seconds.
  private static final Duration[] HTTP_BUCKETS =
      seconds(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10);
  // A saga ends in tens of milliseconds, or at its deadline (30 s by default, up to minutes).
  private static final Duration[] SAGA_BUCKETS =
      seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);

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

  /**
   * A request this service answered, by method, documented route ({@code other} for any other path)
   * and status: {@code http_server_request_duration_seconds}.
   */
  public static void serverRequest(String method, String route, int status, long nanos) {
    timer(
            "http_server_request_duration",
            "Time to answer a request",
            HTTP_BUCKETS,
            "http_request_method",
            method,
            "http_route",
            route,
            "http_response_status_code",
            Integer.toString(status))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A call to another service, by upstream, method and status ({@code error} when no answer came):
   * {@code http_client_request_duration_seconds}.
   */
  public static void clientRequest(String upstream, String method, String status, long nanos) {
    timer(
            "http_client_request_duration",
            "Time for an upstream to answer",
            HTTP_BUCKETS,
            "upstream",
            upstream,
            "http_request_method",
            method,
            "http_response_status_code",
            status)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A saga that ended, from the order's placement to its end state, by outcome (confirmed,
   * cancelled): {@code orderly_saga_duration_seconds}.
   */
  public static void sagaCompleted(String outcome, Duration took) {
    timer(
            "orderly_saga_duration",
            "Time from an order's placement to its end state",
            SAGA_BUCKETS,
            "outcome",
            outcome)
        .record(took);
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

  private static Timer timer(String name, String description, Duration[] buckets, String... tags) {
    return TIMERS.computeIfAbsent(
        name + "\u0000" + String.join("\u0000", tags),
        k ->
            registry()
                .getOrCreate(
                    Timer.builder(name)
                        .tags(Metrics.tags(tags))
                        .description(description)
                        .buckets(buckets)));
  }

  private static Duration[] seconds(double... bounds) {
    Duration[] durations = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
    }
    return durations;
  }

  private static MeterRegistry registry() {
    return Metrics.globalRegistry();
  }
}
