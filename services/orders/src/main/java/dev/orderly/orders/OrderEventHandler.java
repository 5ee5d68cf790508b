package dev.orderly.orders;

import dev.orderly.common.inbox.EventHandler;
import dev.orderly.common.inbox.IncomingEvent;
import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves orders along the saga as stock events arrive, a batch at a time. */
public final class OrderEventHandler implements EventHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OrderEventHandler.class);

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
        var decision =
            OrderSaga.decide(
                order.id(),
                order.status(),
                order.cancelReason(),
                new OrderSaga.Trigger.Event(incoming.event()));
        var after = writes.record(order, decision, incoming.correlationId(), incoming.trace());
        if (after != order) {
          LOG.info(
              "order {} {} -> {} on {}",
              order.id(),
              order.status(),
              after.status(),
              incoming.event().routingKey());
        }
        orders.put(order.id(), after);
      }
    }
    writes.flush(tx);
  }
}
