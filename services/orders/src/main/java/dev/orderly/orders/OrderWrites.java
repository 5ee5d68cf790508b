package dev.orderly.orders;

import dev.orderly.common.observability.ServiceMetrics;
import dev.orderly.common.observability.TraceContext;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The writes saga decisions cause — status changes, timeline steps, outgoing events — collected
 * for any number of orders and written in a few batched statements in the caller's transaction.
 */
final class OrderWrites {

    private final Map<UUID, OrderRepository.OrderState> changed = new LinkedHashMap<>();
    private final List<Step> timeline = new ArrayList<>();
    private final Outbox outbox;

    /** @param outbox where outgoing events go; flushed by whoever owns it */
    OrderWrites(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Records what {@code decision} does to {@code order}; returns the order's state afterwards,
     * so the next event for the same order in the batch sees it.
     */
    OrderRepository.OrderState record(OrderRepository.OrderState order, OrderSaga.Decision decision,
                                      String correlationId, TraceContext trace) {
        OrderRepository.OrderState after = order;
        if (decision.changes(order.status())) {
            after = new OrderRepository.OrderState(order.id(), order.customerId(), decision.status(),
                    decision.cancelReason(), order.deadline());
            changed.put(order.id(), after);
            ServiceMetrics.sagaOutcome(decision.status().name().toLowerCase(),
                    decision.cancelReason() == null ? "none" : decision.cancelReason().split(":")[0]);
        }
        for (OrderSaga.TimelineStep step : decision.timeline()) {
            timeline.add(new Step(order.id(), step, correlationId));
        }
        for (SagaEvent event : decision.publish()) {
            outbox.add(event, correlationId, trace);
        }
        return after;
    }

    /** Writes status changes and timeline steps (the outbox is flushed by its owner). */
    void flush(Connection tx) throws SQLException {
        if (!changed.isEmpty()) {
            try (PreparedStatement ps = tx.prepareStatement("""
                    UPDATE orders SET status = ?, cancel_reason = ?,
                      completed_at = coalesce(completed_at, clock_timestamp())
                    WHERE id = ?""")) {
                for (OrderRepository.OrderState o : changed.values()) {
                    ps.setString(1, o.status().name());
                    ps.setString(2, o.cancelReason());
                    ps.setObject(3, o.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!timeline.isEmpty()) {
            try (PreparedStatement ps = tx.prepareStatement(
                    "INSERT INTO order_timeline (order_id, step, detail, correlation_id) VALUES (?, ?, ?, ?)")) {
                for (Step s : timeline) {
                    ps.setObject(1, s.orderId());
                    ps.setString(2, s.step().step());
                    ps.setString(3, s.step().detail());
                    ps.setString(4, s.correlationId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        changed.clear();
        timeline.clear();
    }

    private record Step(UUID orderId, OrderSaga.TimelineStep step, String correlationId) {
    }
}
