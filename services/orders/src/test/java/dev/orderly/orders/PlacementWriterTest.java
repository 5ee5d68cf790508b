package dev.orderly.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.db.DataAccessException;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.Ids;
import dev.orderly.common.observability.Tracing;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.common.outbox.OutboxTransactions;
import dev.orderly.common.testing.LocalInfrastructure;
import dev.orderly.contracts.OrderLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PlacementWriter} on the real orders database: orders placed together in one statement each
 * get their own outcome, their own rows and their own outbox event, and none is lost.
 */
class PlacementWriterTest {

  private Database database;
  private final List<Outbox> dispatched = new CopyOnWriteArrayList<>();
  private final String customer = "placement-it-" + UUID.randomUUID();

  @BeforeEach
  void open() {
    database = LocalInfrastructure.database("orders", 4);
  }

  @AfterEach
  void cleanUp() throws SQLException {
    // The rows would otherwise wait in the outbox for the next orders service's poller.
    try (Connection db = database.dataSource().getConnection()) {
      db.setAutoCommit(true);
      for (String sql :
          List.of(
              "DELETE FROM outbox WHERE aggregate_id IN (SELECT id FROM orders WHERE customer_id LIKE ?)",
              "DELETE FROM order_timeline WHERE order_id IN (SELECT id FROM orders WHERE customer_id LIKE ?)",
              "DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE customer_id LIKE ?)",
              "DELETE FROM orders WHERE customer_id LIKE ?")) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
          ps.setString(1, customer + "%");
          ps.executeUpdate();
        }
      }
    }
    database.close();
  }

  @Test
  void aBatchGivesEachOrderItsOwnOutcomeAndRows() throws SQLException {
    PlacementWriter writer =
        new PlacementWriter(new OutboxTransactions(database, dispatched::add), 0, 100);
    var earlier = pending(customer, "used-before", 1);
    writer.write(List.of(earlier));

    var fresh = pending(customer, "k1", 2);
    var withoutKey = pending(customer, null, 1);
    var reusedKey = pending(customer, "used-before", 1);
    var firstOfTwin = pending(customer, "twin", 3);
    var secondOfTwin = pending(customer, "twin", 3);
    var otherCustomerSameKey = pending(customer + "-other", "k1", 1);
    writer.write(
        List.of(fresh, withoutKey, reusedKey, firstOfTwin, secondOfTwin, otherCustomerSameKey));

    assertThat(earlier.placed().join()).isTrue();
    assertThat(fresh.placed().join()).isTrue();
    assertThat(withoutKey.placed().join()).isTrue();
    assertThat(reusedKey.placed().join()).as("a key used in an earlier batch").isFalse();
    assertThat(otherCustomerSameKey.placed().join()).as("keys are per customer").isTrue();
    assertThat(List.of(firstOfTwin.placed().join(), secondOfTwin.placed().join()))
        .as("a key twice in one batch places one order")
        .containsExactlyInAnyOrder(true, false);

    Map<UUID, String> expected = new TreeMap<>();
    for (var p :
        List.of(
            earlier,
            fresh,
            withoutKey,
            reusedKey,
            firstOfTwin,
            secondOfTwin,
            otherCustomerSameKey)) {
      if (p.placed().join()) {
        expected.put(
            p.order().id(),
            "PENDING items=" + p.order().items().size() + " timeline=ORDER_PLACED placed-events=1");
      }
    }
    assertThat(rowsPerOrder()).isEqualTo(expected).hasSize(5);
    assertThat(dispatched).as("each committed batch handed to the relay").hasSize(2);
  }

  @Test
  void anOrderTheDatabaseRefusesFailsAloneAndTheOthersArePlaced() throws SQLException {
    PlacementWriter writer =
        new PlacementWriter(new OutboxTransactions(database, dispatched::add), 0, 100);
    var before = pending(customer, "a", 1);
    // quantity 0 breaks order_items' CHECK: the whole statement fails, then each order goes alone.
    var refused = pending(customer, "b", 0);
    var after = pending(customer, "c", 2);

    writer.write(List.of(before, refused, after));

    assertThat(before.placed().join()).isTrue();
    assertThat(after.placed().join()).isTrue();
    assertThatThrownBy(() -> refused.placed().join()).hasCauseInstanceOf(DataAccessException.class);
    assertThat(rowsPerOrder()).containsOnlyKeys(before.order().id(), after.order().id());
  }

  @Test
  void concurrentRequestsAreAllPlacedAndAStoppedWriterRefusesMore() throws Exception {
    PlacementWriter writer =
        new PlacementWriter(new OutboxTransactions(database, dispatched::add), 2, 100);
    ExecutorService requests = Executors.newFixedThreadPool(16);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    // 200 orders, every tenth repeating the key of the one before it.
    for (int i = 0; i < 200; i++) {
      String key = "key-" + (i % 10 == 9 ? i - 1 : i);
      outcomes.add(requests.submit(() -> writer.place(pending(customer, key, 1).order())));
    }
    int placed = 0;
    for (Future<Boolean> outcome : outcomes) {
      placed += outcome.get() ? 1 : 0;
    }
    requests.shutdown();
    writer.close();

    assertThat(placed).isEqualTo(180);
    assertThat(rowsPerOrder())
        .hasSize(180)
        .allSatisfy(
            (id, rows) ->
                assertThat(rows)
                    .isEqualTo("PENDING items=1 timeline=ORDER_PLACED placed-events=1"));
    assertThatThrownBy(() -> writer.place(pending(customer, "late", 1).order()))
        .isInstanceOf(IllegalStateException.class);
  }

  private static PlacementWriter.Pending pending(String customer, String key, int quantity) {
    var lines = new ArrayList<OrderLine>();
    for (int line = 1; line <= Math.max(1, Math.abs(quantity)); line++) {
      lines.add(new OrderLine("product-" + line, quantity));
    }
    var order =
        new OrderRepository.NewOrder(
            Ids.next(),
            customer,
            List.copyOf(lines),
            key,
            "hash-" + key,
            Instant.now().plusSeconds(30),
            "corr-" + UUID.randomUUID(),
            Tracing.tracer().spanBuilder("test").startSpan().getSpanContext());
    return new PlacementWriter.Pending(order, new CompletableFuture<>());
  }

  /**
   * Per order of this test's customers: status, item count, timeline steps and order.placed rows.
   */
  private Map<UUID, String> rowsPerOrder() throws SQLException {
    Map<UUID, String> rows = new TreeMap<>();
    try (Connection db = database.dataSource().getConnection();
        PreparedStatement ps =
            db.prepareStatement(
                """
                     SELECT o.id, o.status,
                       (SELECT count(*) FROM order_items i WHERE i.order_id = o.id),
                       (SELECT string_agg(step, ',' ORDER BY id) FROM order_timeline t WHERE t.order_id = o.id),
                       (SELECT count(*) FROM outbox b WHERE b.aggregate_id = o.id AND b.routing_key = 'order.placed')
                     FROM orders o WHERE o.customer_id LIKE ?""")) {
      ps.setString(1, customer + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.put(
              rs.getObject(1, UUID.class),
              rs.getString(2)
                  + " items="
                  + rs.getLong(3)
                  + " timeline="
                  + rs.getString(4)
                  + " placed-events="
                  + rs.getLong(5));
        }
      }
      db.rollback();
    }
    return rows;
  }
}
