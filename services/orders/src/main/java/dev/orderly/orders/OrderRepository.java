package dev.orderly.orders;

import dev.orderly.common.observability.ServiceMetrics;
import dev.orderly.common.observability.TraceContext;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for orders, their items and timeline; every method runs in the caller's transaction. */
public final class OrderRepository {

    private OrderRepository() {
    }

    /** An order as stored. */
    public record Order(UUID id, String customerId, OrderStatus status, String cancelReason, String requestHash,
                        Instant createdAt, Instant deadline, Instant completedAt, List<OrderLine> items) {
    }

    /** What the saga needs of an order: no items, so locking it is one cheap query. */
    public record OrderState(UUID id, String customerId, OrderStatus status, String cancelReason, Instant deadline) {
    }

    /** One timeline entry as stored. */
    public record TimelineEntry(Instant at, String step, String detail, String correlationId) {
    }

    /**
     * Inserts a PENDING order with its items, its first timeline step and its {@code order.placed}
     * outbox row, unless the customer already used {@code idempotencyKey}.
     *
     * @return the new order's id, or empty when the key was used before
     */
    public static Optional<UUID> insertPlaced(Connection tx, UUID id, String customerId, List<OrderLine> items,
                                              String idempotencyKey, String requestHash, Instant deadline,
                                              String correlationId, TraceContext trace) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                INSERT INTO orders (id, customer_id, status, idempotency_key, request_hash, correlation_id, deadline)
                VALUES (?, ?, 'PENDING', ?, ?, ?, ?) ON CONFLICT (customer_id, idempotency_key) DO NOTHING""")) {
            ps.setObject(1, id);
            ps.setString(2, customerId);
            ps.setString(3, idempotencyKey);
            ps.setString(4, requestHash);
            ps.setString(5, correlationId);
            ps.setTimestamp(6, Timestamp.from(deadline));
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        try (PreparedStatement ps = tx.prepareStatement(
                "INSERT INTO order_items (order_id, line, product_id, quantity) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < items.size(); i++) {
                ps.setObject(1, id);
                ps.setInt(2, i + 1);
                ps.setString(3, items.get(i).productId());
                ps.setInt(4, items.get(i).quantity());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        appendTimeline(tx, id, List.of(new OrderSaga.TimelineStep("ORDER_PLACED", items.size() + " item(s)")),
                correlationId);
        Outbox.append(tx, new SagaEvent.OrderPlaced(id, customerId, items), correlationId, trace);
        return Optional.of(id);
    }

    /** The order the customer placed with {@code idempotencyKey}, if any. */
    public static Optional<Order> findByIdempotencyKey(Connection tx, String customerId, String idempotencyKey)
            throws SQLException {
        return findOne(tx, "customer_id = ? AND idempotency_key = ?", customerId, idempotencyKey);
    }

    /** The order with {@code id}, if it belongs to {@code customerId}. */
    public static Optional<Order> findForCustomer(Connection tx, UUID id, String customerId) throws SQLException {
        return findOne(tx, "id = ? AND customer_id = ?", id, customerId);
    }

    /** The saga state of order {@code id}, locked for update until the transaction ends. */
    public static Optional<OrderState> lock(Connection tx, UUID id) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT customer_id, status, cancel_reason, deadline FROM orders WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new OrderState(id, rs.getString(1), OrderStatus.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getTimestamp(4).toInstant()));
            }
        }
    }

    /** Locks the given orders in id order, so concurrent batches cannot deadlock on them. */
    public static void lockInOrder(Connection tx, List<UUID> ids) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT id FROM orders WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
            ps.setArray(1, tx.createArrayOf("uuid", ids.toArray()));
            ps.executeQuery().close();
        }
    }

    /**
     * A page of the customer's orders, newest first, after the keyset position {@code after}.
     *
     * @param status only orders in this status, or all when null
     */
    public static List<Order> page(Connection tx, String customerId, OrderStatus status, OrderCursor after,
                                   int limit) throws SQLException {
        StringBuilder where = new StringBuilder("customer_id = ?");
        List<Object> args = new ArrayList<>(List.of(customerId));
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status.name());
        }
        if (after != null) {
            where.append(" AND (created_at, id) < (?, ?)");
            args.add(Timestamp.from(after.createdAt()));
            args.add(after.id());
        }
        where.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(limit);
        return find(tx, where.toString(), args.toArray());
    }

    /** The order's timeline, oldest first. */
    public static List<TimelineEntry> timeline(Connection tx, UUID id) throws SQLException {
        List<TimelineEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT at, step, detail, correlation_id FROM order_timeline WHERE order_id = ? ORDER BY id")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new TimelineEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return entries;
    }

    /**
     * Applies a saga decision to a locked order: its status, its timeline and its outgoing events.
     */
    public static void apply(Connection tx, OrderState order, OrderSaga.Decision decision, String correlationId,
                             TraceContext trace) throws SQLException {
        if (decision.changes(order.status())) {
            try (PreparedStatement ps = tx.prepareStatement("""
                    UPDATE orders SET status = ?, cancel_reason = ?,
                      completed_at = CASE WHEN completed_at IS NULL THEN clock_timestamp() ELSE completed_at END
                    WHERE id = ?""")) {
                ps.setString(1, decision.status().name());
                ps.setString(2, decision.cancelReason());
                ps.setObject(3, order.id());
                ps.executeUpdate();
            }
            ServiceMetrics.sagaOutcome(decision.status().name().toLowerCase(),
                    decision.cancelReason() == null ? "none" : decision.cancelReason());
        }
        appendTimeline(tx, order.id(), decision.timeline(), correlationId);
        for (SagaEvent event : decision.publish()) {
            Outbox.append(tx, event, correlationId, trace);
        }
    }

    private static void appendTimeline(Connection tx, UUID orderId, List<OrderSaga.TimelineStep> steps,
                                       String correlationId) throws SQLException {
        if (steps.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = tx.prepareStatement(
                "INSERT INTO order_timeline (order_id, step, detail, correlation_id) VALUES (?, ?, ?, ?)")) {
            for (OrderSaga.TimelineStep step : steps) {
                ps.setObject(1, orderId);
                ps.setString(2, step.step());
                ps.setString(3, step.detail());
                ps.setString(4, correlationId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Optional<Order> findOne(Connection tx, String where, Object... args) throws SQLException {
        List<Order> found = find(tx, where, args);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private static List<Order> find(Connection tx, String where, Object... args) throws SQLException {
        List<Order> orders = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement("""
                SELECT id, customer_id, status, cancel_reason, request_hash, created_at, deadline, completed_at
                FROM orders WHERE\s""" + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp completed = rs.getTimestamp(8);
                    UUID id = rs.getObject(1, UUID.class);
                    orders.add(new Order(id, rs.getString(2), OrderStatus.valueOf(rs.getString(3)), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                            completed == null ? null : completed.toInstant(), List.of()));
                }
            }
        }
        if (orders.isEmpty()) {
            return orders;
        }
        return withItems(tx, orders);
    }

    private static List<Order> withItems(Connection tx, List<Order> orders) throws SQLException {
        var byId = new java.util.LinkedHashMap<UUID, List<OrderLine>>();
        orders.forEach(o -> byId.put(o.id(), new ArrayList<>()));
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT order_id, product_id, quantity FROM order_items WHERE order_id = ANY(?) ORDER BY order_id, line")) {
            ps.setArray(1, tx.createArrayOf("uuid", byId.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.get(rs.getObject(1, UUID.class)).add(new OrderLine(rs.getString(2), rs.getInt(3)));
                }
            }
        }
        return orders.stream().map(o -> new Order(o.id(), o.customerId(), o.status(), o.cancelReason(),
                o.requestHash(), o.createdAt(), o.deadline(), o.completedAt(), List.copyOf(byId.get(o.id()))))
                .toList();
    }
}
