package dev.orderly.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;

/**
 * The saga's invariants, read straight from both services' databases: every accepted order ends
 * CONFIRMED or CANCELLED; for every product, initial stock = available + reserved by confirmed
 * orders (and nothing stays reserved for a cancelled order); no message has its effect applied
 * twice.
 */
final class InvariantChecker {

  private final Map<String, Integer> initialStock;
  private final Collection<UUID> orders;
  private final ServiceDatabases databases;

  /**
   * @param initialStock every product the test created, with its initial stock
   * @param orders every order the services accepted in the test
   * @param databases where the orders and inventory databases are
   */
  InvariantChecker(
      Map<String, Integer> initialStock, Collection<UUID> orders, ServiceDatabases databases) {
    this.initialStock = Map.copyOf(initialStock);
    this.orders = List.copyOf(orders);
    this.databases = databases;
  }

  /**
   * Waits (bounded) until the invariants hold, then returns; fails with every violation otherwise.
   */
  void awaitHolds(Duration timeout) {
    Awaitility.await("saga invariants")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(this::check);
  }

  /** Checks once. */
  void check() {
    SoftAssertions soft = new SoftAssertions();
    try (Connection ordersDb = databases.connect("orders");
        Connection inventoryDb = databases.connect("inventory")) {
      Map<UUID, String> status = orderStatuses(ordersDb);
      soft.assertThat(status.keySet())
          .as("every accepted order is stored")
          .containsExactlyInAnyOrderElementsOf(orders);
      status.forEach(
          (id, s) ->
              soft.assertThat(s)
                  .as("order %s ends CONFIRMED or CANCELLED", id)
                  .isIn("CONFIRMED", "CANCELLED"));

      Set<UUID> holding = new HashSet<>();
      Map<String, Integer> reserved = new HashMap<>();
      try (PreparedStatement ps =
          inventoryDb.prepareStatement(
              """
                    SELECT r.order_id, i.product_id, i.quantity FROM reservations r
                    JOIN reservation_items i ON i.order_id = r.order_id
                    WHERE r.status IN ('RESERVED', 'CONFIRMED') AND r.order_id = ANY(?)""")) {
        ps.setArray(1, inventoryDb.createArrayOf("uuid", orders.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            holding.add(rs.getObject(1, UUID.class));
            reserved.merge(rs.getString(2), rs.getInt(3), Integer::sum);
          }
        }
      }
      Set<UUID> confirmed = new HashSet<>();
      status.forEach(
          (id, s) -> {
            if (s.equals("CONFIRMED")) {
              confirmed.add(id);
            }
          });
      soft.assertThat(holding)
          .as("orders holding stock are exactly the confirmed ones")
          .containsExactlyInAnyOrderElementsOf(confirmed);

      Map<String, Integer> available = available(inventoryDb);
      initialStock.forEach(
          (product, initial) ->
              soft.assertThat(
                      available.getOrDefault(product, -1) + reserved.getOrDefault(product, 0))
                  .as(
                      "product %s: available %s + reserved by confirmed orders %s = initial %s",
                      product, available.get(product), reserved.getOrDefault(product, 0), initial)
                  .isEqualTo(initial));

      // Effectively once: each effect is written at most once per order.
      checkAtMostOnce(
          soft,
          ordersDb,
          "SELECT aggregate_id, routing_key, count(*) FROM outbox "
              + "WHERE aggregate_id = ANY(?) GROUP BY 1, 2",
          "orders outbox");
      checkAtMostOnce(
          soft,
          ordersDb,
          "SELECT order_id, step, count(*) FROM order_timeline "
              + "WHERE order_id = ANY(?) AND step NOT IN ('STOCK_RELEASED') GROUP BY 1, 2",
          "order timeline");
      checkAtMostOnce(
          soft,
          inventoryDb,
          "SELECT aggregate_id, CASE WHEN routing_key = 'stock.released' "
              + "THEN routing_key ELSE 'stock.reserved|rejected' END, count(*) FROM outbox "
              + "WHERE aggregate_id = ANY(?) GROUP BY 1, 2",
          "inventory outbox");
    } catch (SQLException e) {
      throw new AssertionError("cannot read the databases", e);
    }
    soft.assertAll();
  }

  private void checkAtMostOnce(SoftAssertions soft, Connection db, String sql, String what)
      throws SQLException {
    List<String> twice = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setArray(1, db.createArrayOf("uuid", orders.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getInt(3) > 1) {
            twice.add(rs.getString(1) + " " + rs.getString(2) + " x" + rs.getInt(3));
          }
        }
      }
    }
    soft.assertThat(twice).as("%s: effects applied more than once", what).isEmpty();
  }

  private Map<UUID, String> orderStatuses(Connection db) throws SQLException {
    Map<UUID, String> status = new HashMap<>();
    try (PreparedStatement ps =
        db.prepareStatement("SELECT id, status FROM orders WHERE id = ANY(?)")) {
      ps.setArray(1, db.createArrayOf("uuid", orders.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          status.put(rs.getObject(1, UUID.class), rs.getString(2));
        }
      }
    }
    return status;
  }

  private Map<String, Integer> available(Connection db) throws SQLException {
    Map<String, Integer> available = new HashMap<>();
    try (PreparedStatement ps =
        db.prepareStatement("SELECT id, available FROM products WHERE id = ANY(?)")) {
      ps.setArray(1, db.createArrayOf("text", initialStock.keySet().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          available.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return available;
  }
}
