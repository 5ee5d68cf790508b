package dev.orderly.orders;

import dev.orderly.common.db.SqlArrays;
import dev.orderly.common.observability.Tracing;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.SagaEvent;
import io.opentelemetry.api.trace.SpanContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for orders, their items and timeline; every method runs in the caller's transaction. */
public final class OrderRepository {

  private OrderRepository() {}

  /** An order as stored. */
  public record Order(
      UUID id,
      String customerId,
      OrderStatus status,
      String cancelReason,
      String requestHash,
      Instant createdAt,
      Instant deadline,
      Instant completedAt,
      List<OrderLine> items) {}

  /** What the saga needs of an order: no items, so locking it is one cheap query. */
  public record OrderState(
      UUID id,
      String customerId,
      OrderStatus status,
      String cancelReason,
      Instant placedAt,
      Instant deadline) {}

  /**
   * A PENDING order past its deadline, locked for its cancellation.
   *
   * @param placedBy the span that placed it (invalid when it was not traced)
   */
  public record Expired(OrderState order, String correlationId, SpanContext placedBy) {}

  /** One timeline entry as stored. */
  public record TimelineEntry(Instant at, String step, String detail, String correlationId) {}

  /** An order to place: what the request said, and the request's correlation and trace. */
  public record NewOrder(
      UUID id,
      String customerId,
      List<OrderLine> items,
      String idempotencyKey,
      String requestHash,
      Instant deadline,
      String correlationId,
      SpanContext trace) {}

  // Many orders, their items, their first timeline steps and their order.placed outbox rows in
  // one statement: placements are bound by round trips and commits, not by work. An order whose
  // idempotency key was used before inserts nothing, not even its outbox row.
  private static final Outbox.Prelude PLACE =
      new Outbox.Prelude(
          """
            WITH input AS (
              SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS i(id, customer_id, idempotency_key, request_hash, correlation_id, deadline, detail, traceparent)),
            placed AS (
              INSERT INTO orders (id, customer_id, status, idempotency_key, request_hash, correlation_id, deadline, traceparent)
              SELECT id, customer_id, 'PENDING', idempotency_key, request_hash, correlation_id, deadline::timestamptz, traceparent
              FROM input
              ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING id),
            items AS (
              INSERT INTO order_items (order_id, line, product_id, quantity)
              SELECT line.order_id, line.n, line.product_id, line.quantity
              FROM unnest(?::uuid[], ?::int[], ?::text[], ?::int[]) AS line(order_id, n, product_id, quantity)
              WHERE line.order_id IN (SELECT id FROM placed)),
            step AS (
              INSERT INTO order_timeline (order_id, step, detail, correlation_id)
              SELECT id, 'ORDER_PLACED', detail, correlation_id FROM input WHERE id IN (SELECT id FROM placed))""",
          "placed");

  /**
   * Inserts each order as PENDING with its items, its first timeline step and its {@code
   * order.placed} outbox row (kept in {@code outbox} for the dispatch), unless its customer already
   * used its idempotency key, in this batch or before. One statement: on a connection in
   * auto-commit mode, one transaction.
   *
   * @return the ids of the orders inserted
   */
  public static Set<UUID> insertPlaced(Connection connection, List<NewOrder> orders, Outbox outbox)
      throws SQLException {
    // The same order of keys in every batch: two batches that repeat each other's keys wait for
    // each other's unique-index entries in one order, so they cannot deadlock.
    List<NewOrder> sorted = orders.stream().sorted(BY_KEY).toList();
    record Line(UUID orderId, int n, OrderLine line) {}
    List<Line> lines = new ArrayList<>();
    for (NewOrder order : sorted) {
      outbox.add(
          new SagaEvent.OrderPlaced(order.id(), order.customerId(), order.items()),
          order.correlationId(),
          order.trace());
      for (int i = 0; i < order.items().size(); i++) {
        lines.add(new Line(order.id(), i + 1, order.items().get(i)));
      }
    }
    return outbox.flush(
        connection,
        PLACE,
        parameters ->
            parameters
                .array("uuid", sorted, NewOrder::id)
                .array("text", sorted, NewOrder::customerId)
                .array("text", sorted, NewOrder::idempotencyKey)
                .array("text", sorted, NewOrder::requestHash)
                .array("text", sorted, NewOrder::correlationId)
                .array("text", sorted, o -> o.deadline().toString())
                .array("text", sorted, o -> o.items().size() + " item(s)")
                .array("text", sorted, o -> Tracing.headers(o.trace()).get(Tracing.TRACEPARENT))
                .array("uuid", lines, Line::orderId)
                .array("int4", lines, Line::n)
                .array("text", lines, l -> l.line().productId())
                .array("int4", lines, l -> l.line().quantity()));
  }

  private static final Comparator<NewOrder> BY_KEY =
      Comparator.comparing(NewOrder::customerId)
          .thenComparing(NewOrder::idempotencyKey, Comparator.nullsLast(Comparator.naturalOrder()));

  /** The order the customer placed with {@code idempotencyKey}, if any. */
  public static Optional<Order> findByIdempotencyKey(
      Connection tx, String customerId, String idempotencyKey) throws SQLException {
    return findOne(tx, "customer_id = ? AND idempotency_key = ?", customerId, idempotencyKey);
  }

  /** The order with {@code id}, if it belongs to {@code customerId}. */
  public static Optional<Order> findForCustomer(Connection tx, UUID id, String customerId)
      throws SQLException {
    return findOne(tx, "id = ? AND customer_id = ?", id, customerId);
  }

  /** The saga state of order {@code id}, locked for update until the transaction ends. */
  public static Optional<OrderState> lock(Connection tx, UUID id) throws SQLException {
    return Optional.ofNullable(lockStates(tx, List.of(id)).get(id));
  }

  /**
   * The saga states of the given orders, locked in id order so concurrent batches cannot deadlock.
   */
  public static Map<UUID, OrderState> lockStates(Connection tx, Collection<UUID> ids)
      throws SQLException {
    Map<UUID, OrderState> states = new HashMap<>();
    try (PreparedStatement ps =
        tx.prepareStatement(
            """
                SELECT id, customer_id, status, cancel_reason, created_at, deadline FROM orders
                WHERE id = ANY(?) ORDER BY id FOR UPDATE""")) {
      SqlArrays.bind(ps, 1, "uuid", ids);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          states.put(
              id,
              new OrderState(
                  id,
                  rs.getString(2),
                  OrderStatus.valueOf(rs.getString(3)),
                  rs.getString(4),
                  rs.getTimestamp(5).toInstant(),
                  rs.getTimestamp(6).toInstant()));
        }
      }
    }
    return states;
  }

  /**
   * Claims up to {@code limit} PENDING orders past their deadline, skipping those another replica
   * holds, and locks them until the transaction ends.
   *
   * @return each order's state, and the correlation id and span it was placed with
   */
  public static List<Expired> claimExpired(Connection tx, int limit) throws SQLException {
    List<Expired> claimed = new ArrayList<>();
    try (PreparedStatement ps =
        tx.prepareStatement(
            """
                SELECT id, customer_id, status, cancel_reason, created_at, deadline, correlation_id,
                  traceparent
                FROM orders
                WHERE status = 'PENDING' AND deadline < now()
                ORDER BY deadline LIMIT ? FOR UPDATE SKIP LOCKED""")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          claimed.add(
              new Expired(
                  new OrderState(
                      rs.getObject(1, UUID.class),
                      rs.getString(2),
                      OrderStatus.valueOf(rs.getString(3)),
                      rs.getString(4),
                      rs.getTimestamp(5).toInstant(),
                      rs.getTimestamp(6).toInstant()),
                  rs.getString(7),
                  Tracing.spanContext(rs.getString(8))));
        }
      }
    }
    return claimed;
  }

  /**
   * A page of the customer's orders, newest first, after the keyset position {@code after}.
   *
   * @param status only orders in this status, or all when null
   */
  public static List<Order> page(
      Connection tx, String customerId, OrderStatus status, OrderCursor after, int limit)
      throws SQLException {
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
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT at, step, detail, correlation_id FROM order_timeline WHERE order_id = ? ORDER BY id")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new TimelineEntry(
                  rs.getTimestamp(1).toInstant(),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4)));
        }
      }
    }
    return entries;
  }

  private static Optional<Order> findOne(Connection tx, String where, Object... args)
      throws SQLException {
    List<Order> found = find(tx, where, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  private static List<Order> find(Connection tx, String where, Object... args) throws SQLException {
    List<Order> orders = new ArrayList<>();
    try (PreparedStatement ps =
        tx.prepareStatement(
            """
                SELECT id, customer_id, status, cancel_reason, request_hash, created_at, deadline, completed_at
                FROM orders WHERE\s"""
                + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp completed = rs.getTimestamp(8);
          UUID id = rs.getObject(1, UUID.class);
          orders.add(
              new Order(
                  id,
                  rs.getString(2),
                  OrderStatus.valueOf(rs.getString(3)),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant(),
                  rs.getTimestamp(7).toInstant(),
                  completed == null ? null : completed.toInstant(),
                  List.of()));
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
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT order_id, product_id, quantity FROM order_items WHERE order_id = ANY(?) ORDER BY order_id, line")) {
      SqlArrays.bind(ps, 1, "uuid", byId.keySet());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byId.get(rs.getObject(1, UUID.class)).add(new OrderLine(rs.getString(2), rs.getInt(3)));
        }
      }
    }
    return orders.stream()
        .map(
            o ->
                new Order(
                    o.id(),
                    o.customerId(),
                    o.status(),
                    o.cancelReason(),
                    o.requestHash(),
                    o.createdAt(),
                    o.deadline(),
                    o.completedAt(),
                    List.copyOf(byId.get(o.id()))))
        .toList();
  }
}
