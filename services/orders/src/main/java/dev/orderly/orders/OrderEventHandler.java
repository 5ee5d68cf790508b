package dev.orderly.orders;

import dev.orderly.common.inbox.EventHandler;
import dev.orderly.common.inbox.IncomingEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moves orders along the saga as stock events arrive. */
public final class OrderEventHandler implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventHandler.class);

    @Override
    public void lockInOrder(Connection tx, List<IncomingEvent> batch) throws SQLException {
        OrderRepository.lockInOrder(tx, batch.stream().map(e -> e.event().orderId()).distinct().toList());
    }

    @Override
    public void handle(Connection tx, IncomingEvent incoming) throws SQLException {
        var order = OrderRepository.lock(tx, incoming.event().orderId());
        if (order.isEmpty()) {
            // Only this service creates orders, so this is a stray or forged message: nothing to apply.
            LOG.warn("{} for unknown order {}; ignored", incoming.event().routingKey(), incoming.event().orderId());
            return;
        }
        var o = order.get();
        var decision = OrderSaga.decide(o.id(), o.status(), o.cancelReason(),
                new OrderSaga.Trigger.Event(incoming.event()));
        OrderRepository.apply(tx, o, decision, incoming.correlationId(), incoming.trace());
        if (decision.changes(o.status())) {
            LOG.info("order {} {} -> {} on {}", o.id(), o.status(), decision.status(), incoming.event().routingKey());
        }
    }
}
