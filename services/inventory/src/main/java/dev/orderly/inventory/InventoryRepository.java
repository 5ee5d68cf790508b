package dev.orderly.inventory;

import dev.orderly.common.db.Parameters;
import dev.orderly.common.db.SqlArrays;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.contracts.OrderLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** SQL for products and reservations; every method runs in the caller's transaction. */
public final class InventoryRepository {

  private InventoryRepository() {}

  /** A product and its available stock. */
  public record Product(String id, String name, int available, Instant updatedAt) {}

  /** Existing reservations of the given orders with their items, locked in order id order. */
  public static Map<UUID, Reservation> lockReservations(Connection tx, Collection<UUID> orderIds)
      throws SQLException {
    return reservations(tx, orderIds, " ORDER BY r.order_id FOR UPDATE OF r");
  }

  /** The reservation of one order. */
  public static Optional<Reservation> findReservation(Connection tx, UUID orderId)
      throws SQLException {
    return Optional.ofNullable(reservations(tx, List.of(orderId), "").get(orderId));
  }

  private static Map<UUID, Reservation> reservations(
      Connection tx, Collection<UUID> orderIds, String suffix) throws SQLException {
    Map<UUID, ReservationStatus> status = new LinkedHashMap<>();
    Map<UUID, String> reason = new HashMap<>();
    Map<UUID, String> customer = new HashMap<>();
    Map<UUID, List<OrderLine>> items = new HashMap<>();
    try (PreparedStatement ps =
        tx.prepareStatement(
            """
                SELECT r.order_id, r.status, r.reason, i.product_id, i.quantity, r.customer_id
                FROM reservations r LEFT JOIN reservation_items i ON i.order_id = r.order_id
                WHERE r.order_id = ANY(?)"""
                + suffix)) {
      SqlArrays.bind(ps, 1, "uuid", orderIds);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          status.put(id, ReservationStatus.valueOf(rs.getString(2)));
          reason.put(id, rs.getString(3));
          customer.put(id, rs.getString(6));
          List<OrderLine> lines = items.computeIfAbsent(id, k -> new ArrayList<>());
          if (rs.getString(4) != null) {
            lines.add(new OrderLine(rs.getString(4), rs.getInt(5)));
          }
        }
      }
    }
    Map<UUID, Reservation> result = new LinkedHashMap<>();
    status.forEach(
        (id, s) ->
            result.put(
                id,
                new Reservation(
                    id, s, reason.get(id), List.copyOf(items.get(id)), customer.get(id))));
    return result;
  }

  /** Available stock of the given products, locked in id order; unknown products are absent. */
  public static Map<String, Integer> lockStock(Connection tx, Collection<String> productIds)
      throws SQLException {
    Map<String, Integer> stock = new HashMap<>();
    if (productIds.isEmpty()) {
      return stock;
    }
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT id, available FROM products WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
      SqlArrays.bind(ps, 1, "text", productIds);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stock.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return stock;
  }

  // Stock changes, new reservations and their items, status changes and the answers' outbox rows
  // in one statement: the batch holds its products' locks until it commits, so every round trip
  // saved here is one the next batch does not wait for.
  private static final Outbox.Prelude WRITE =
      new Outbox.Prelude(
          """
            WITH stock AS (
              UPDATE products p SET available = p.available + d.delta, updated_at = now()
              FROM unnest(?::text[], ?::int[]) AS d(id, delta) WHERE p.id = d.id),
            created AS (
              INSERT INTO reservations (order_id, status, reason, customer_id)
              SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[])),
            items AS (
              INSERT INTO reservation_items (order_id, product_id, quantity)
              SELECT * FROM unnest(?::uuid[], ?::text[], ?::int[])),
            updated AS (
              UPDATE reservations r SET status = u.status, reason = u.reason,
                customer_id = coalesce(u.customer_id, r.customer_id), updated_at = now()
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS u(order_id, status, reason, customer_id)
              WHERE r.order_id = u.order_id)""");

  /** Writes what a ledger decided and the outbox's events, in one statement. */
  static void write(Connection tx, ReservationLedger ledger, Outbox outbox) throws SQLException {
    List<Item> items =
        ledger.created().stream()
            .flatMap(r -> r.items().stream().map(line -> new Item(r.orderId(), line)))
            .toList();
    Map<String, Integer> deltas = new TreeMap<>(ledger.stockDeltas());
    if (deltas.isEmpty()
        && items.isEmpty()
        && ledger.created().isEmpty()
        && ledger.updated().isEmpty()
        && outbox.isEmpty()) {
      return;
    }
    outbox.flush(
        tx,
        WRITE,
        parameters -> {
          parameters
              .array("text", deltas.entrySet(), Map.Entry::getKey)
              .array("int4", deltas.entrySet(), Map.Entry::getValue);
          bindReservations(parameters, ledger.created());
          parameters
              .array("uuid", items, Item::orderId)
              .array("text", items, i -> i.line().productId())
              .array("int4", items, i -> i.line().quantity());
          bindReservations(parameters, ledger.updated());
        });
  }

  /** Binds the reservations' order ids, statuses, reasons and customers, in that order. */
  private static void bindReservations(Parameters parameters, List<Reservation> rs)
      throws SQLException {
    parameters
        .array("uuid", rs, Reservation::orderId)
        .array("text", rs, r -> r.status().name())
        .array("text", rs, Reservation::reason)
        .array("text", rs, Reservation::customerId);
  }

  /** One line of a new reservation, as reservation_items stores it. */
  private record Item(UUID orderId, OrderLine line) {}

  /** Creates a product; false when the id is taken. */
  public static boolean insertProduct(Connection tx, String id, String name, int available)
      throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement(
            "INSERT INTO products (id, name, available) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      ps.setString(1, id);
      ps.setString(2, name);
      ps.setInt(3, available);
      return ps.executeUpdate() == 1;
    }
  }

  /** Sets a product's available stock; false when there is no such product. */
  public static boolean setAvailable(Connection tx, String id, int available) throws SQLException {
    try (PreparedStatement ps =
        tx.prepareStatement("UPDATE products SET available = ?, updated_at = now() WHERE id = ?")) {
      ps.setInt(1, available);
      ps.setString(2, id);
      return ps.executeUpdate() == 1;
    }
  }

  /** One product. */
  public static Optional<Product> findProduct(Connection tx, String id) throws SQLException {
    List<Product> found = products(tx, "WHERE id = ?", id, 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  /** Products ordered by id, after {@code afterId} (exclusive) when given. */
  public static List<Product> listProducts(Connection tx, String afterId, int limit)
      throws SQLException {
    return products(tx, "WHERE id > ?", afterId == null ? "" : afterId, limit);
  }

  private static List<Product> products(Connection tx, String where, String arg, int limit)
      throws SQLException {
    List<Product> products = new ArrayList<>();
    try (PreparedStatement ps =
        tx.prepareStatement(
            "SELECT id, name, available, updated_at FROM products "
                + where
                + " ORDER BY id LIMIT "
                + limit)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          products.add(
              new Product(
                  rs.getString(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return products;
  }
}
