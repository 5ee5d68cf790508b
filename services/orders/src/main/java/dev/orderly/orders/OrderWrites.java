package dev.orderly.orders;

import dev.orderly.common.observability.ServiceMetrics;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.contracts.SagaEvent;
import io.opentelemetry.api.trace.SpanContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The writes saga decisions cause — status changes, timeline steps, outgoing events — collected for
 * any number of orders and written in a few batched statements in the caller's transaction.
 */
final class OrderWrites {

  private final Map<UUID, OrderRepository.OrderState> changed = new LinkedHashMap<>();
  private final List<Step> timeline = new ArrayList<>();
  private final Outbox outbox;

  /**
   * @param outbox where outgoing events go; {@link #flush} writes them with the rest
   */
  OrderWrites(Outbox outbox) {
    this.outbox = outbox;
  }

  /**
   * Records what {@code decision} does to {@code order}; returns the order's state afterwards, so
   * the next event for the same order in the batch sees it.
   */
  OrderRepository.OrderState record(
      OrderRepository.OrderState order,
      OrderSaga.Decision decision,
      String correlationId,
      SpanContext trace) {
    OrderRepository.OrderState after = order;
    if (decision.changes(order.status())) {
      after =
          new OrderRepository.OrderState(
              order.id(),
              order.customerId(),
              decision.status(),
              decision.cancelReason(),
              order.placedAt(),
              order.deadline());
      changed.put(order.id(), after);
      String outcome = decision.status().name().toLowerCase(Locale.ROOT);
      ServiceMetrics.sagaOutcome(
          outcome,
          decision.cancelReason() == null ? "none" : decision.cancelReason().split(":")[0]);
      ServiceMetrics.sagaCompleted(outcome, Duration.between(order.placedAt(), Instant.now()));
    }
    for (OrderSaga.TimelineStep step : decision.timeline()) {
      timeline.add(new Step(order.id(), step, correlationId));
    }
    for (SagaEvent event : decision.publish()) {
      outbox.add(event, correlationId, trace);
    }
    return after;
  }

  // One statement for the whole batch, its outgoing events included: a JDBC batch of updates
  // costs an execution per row, and each statement a round trip.
  private static final Outbox.Prelude WRITE =
      new Outbox.Prelude(
          """
            WITH status AS (
              UPDATE orders o SET status = c.status, cancel_reason = c.reason,
                completed_at = coalesce(o.completed_at, clock_timestamp())
              FROM unnest(?::uuid[], ?::text[], ?::text[]) AS c(id, status, reason) WHERE o.id = c.id),
            steps AS (
              INSERT INTO order_timeline (order_id, step, detail, correlation_id)
              SELECT s.order_id, s.step, s.detail, s.correlation_id
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                AS s(order_id, step, detail, correlation_id, n)
              ORDER BY s.n)""");

  /** Writes status changes, timeline steps and the outbox's events in one statement. */
  void flush(Connection tx) throws SQLException {
    if (changed.isEmpty() && timeline.isEmpty() && outbox.isEmpty()) {
      return;
    }
    var orders = changed.values();
    outbox.flush(
        tx,
        WRITE,
        parameters ->
            parameters
                .array("uuid", orders, OrderRepository.OrderState::id)
                .array("text", orders, o -> o.status().name())
                .array("text", orders, OrderRepository.OrderState::cancelReason)
                .array("uuid", timeline, Step::orderId)
                .array("text", timeline, t -> t.step().step())
                .array("text", timeline, t -> t.step().detail())
                .array("text", timeline, Step::correlationId));
    changed.clear();
    timeline.clear();
  }

  private record Step(UUID orderId, OrderSaga.TimelineStep step, String correlationId) {}
}
