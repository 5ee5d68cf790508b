package dev.orderly.orders;

import dev.orderly.common.inbox.EventHandler;
import dev.orderly.common.inbox.IncomingEvent;
import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.observability.Tracing;
import dev.orderly.common.outbox.Outbox;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an order moves along its saga, whatever moves it: a stock event, the customer's cancel
 * request, a passed deadline. Each locks the orders it concerns, asks {@link OrderSaga} what the
 * trigger does to each, and writes status changes, timeline steps and events in one statement in
 * the caller's transaction ({@link OrderWrites}); the caller's {@link
 * dev.orderly.common.outbox.OutboxTransactions} publishes the events on commit.
 */
final class OrderTransitions implements EventHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OrderTransitions.class);

  /** Stock events, a batch at a time: the orders locked in id order, each event in its order. */
  @Override
  public void handle(Connection tx, List<IncomingEvent> events, Outbox outbox) throws SQLException {
    Map<UUID, OrderRepository.OrderState> orders =
        OrderRepository.lockStates(
            tx, events.stream().map(e -> e.event().orderId()).distinct().toList());
    OrderWrites writes = new OrderWrites(outbox);
    for (IncomingEvent incoming : events) {
      try (RequestContext.Scope ignored = incoming.openContext()) {
        var order = orders.get(incoming.event().orderId());
        if (order == null) {
          // Only this service creates orders: a stray or forged message, nothing to apply.
          LOG.warn(
              "{} for unknown order {}; ignored",
              incoming.event().routingKey(),
              incoming.event().orderId());
          continue;
        }
        orders.put(
            order.id(),
            apply(
                writes,
                order,
                new OrderSaga.Trigger.Event(incoming.event()),
                incoming.correlationId(),
                incoming.trace()));
      }
    }
    writes.flush(tx);
  }

  /**
   * Cancels {@code customer}'s order {@code id}, for the request whose correlation id and span are
   * current.
   *
   * @return the order's status afterwards; empty when the customer has no such order
   * @throws OrderSaga.IllegalTransitionException when the order can no longer be cancelled
   */
  static Optional<OrderStatus> cancel(Connection tx, UUID id, String customer, Outbox outbox)
      throws SQLException {
    var order = OrderRepository.lock(tx, id).filter(o -> o.customerId().equals(customer));
    if (order.isEmpty()) {
      return Optional.empty();
    }
    OrderWrites writes = new OrderWrites(outbox);
    var after =
        apply(
            writes,
            order.get(),
            new OrderSaga.Trigger.CancelRequested(),
            RequestContext.correlationId(),
            RequestContext.trace());
    writes.flush(tx);
    return Optional.of(after.status());
  }

  /**
   * Cancels up to {@code limit} PENDING orders past their deadline, skipping those another replica
   * holds; each in a trace of its own (nothing that placed it still waits), linked to the
   * placement's.
   *
   * @return how many it cancelled
   */
  static int expire(Connection tx, int limit, Outbox outbox) throws SQLException {
    var claimed = OrderRepository.claimExpired(tx, limit);
    OrderWrites writes = new OrderWrites(outbox);
    for (var expired : claimed) {
      var order = expired.order();
      // A trace of its own, linked to the one that placed the order.
      Span span =
          Tracing.tracer()
              .spanBuilder("expire order")
              .setNoParent()
              .addLink(expired.placedBy())
              .setAttribute(Tracing.ORDER_ID, order.id().toString())
              .startSpan();
      try (RequestContext.Scope ignored = RequestContext.open(expired.correlationId(), span)) {
        apply(
            writes,
            order,
            new OrderSaga.Trigger.DeadlinePassed(),
            expired.correlationId(),
            span.getSpanContext());
      } finally {
        span.end();
      }
    }
    writes.flush(tx);
    return claimed.size();
  }

  /** Decides what {@code trigger} does to the locked {@code order} and records it. */
  private static OrderRepository.OrderState apply(
      OrderWrites writes,
      OrderRepository.OrderState order,
      OrderSaga.Trigger trigger,
      String correlationId,
      SpanContext trace) {
    var decision = OrderSaga.decide(order.id(), order.status(), order.cancelReason(), trigger);
    var after = writes.record(order, decision, correlationId, trace);
    if (after != order) {
      LOG.info(
          "order {} {} -> {}: {}",
          order.id(),
          order.status(),
          after.status(),
          switch (trigger) {
            case OrderSaga.Trigger.Event e -> e.event().routingKey();
            case OrderSaga.Trigger.CancelRequested c -> "cancel requested";
            case OrderSaga.Trigger.DeadlinePassed d -> "deadline " + order.deadline() + " passed";
          });
    }
    return after;
  }
}
