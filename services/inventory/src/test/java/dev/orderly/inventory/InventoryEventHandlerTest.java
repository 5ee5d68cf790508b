package dev.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.common.db.DataAccessException;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.Ids;
import dev.orderly.common.inbox.IncomingEvent;
import dev.orderly.common.observability.Tracing;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.common.testing.LocalInfrastructure;
import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link InventoryEventHandler} on the real inventory database: a batch's stock changes,
 * reservations and answers land together, and only the products whose stock a batch can change are
 * locked.
 */
class InventoryEventHandlerTest {

  private final String prefix = "handler-it-" + UUID.randomUUID();
  private final String plenty = prefix + "-plenty";
  private final String scarce = prefix + "-scarce";
  private final List<UUID> orders = new ArrayList<>();
  private Database database;

  @BeforeEach
  void open() throws SQLException {
    database = LocalInfrastructure.database("inventory", 4);
    try (Connection db = connection()) {
      InventoryRepository.insertProduct(db, plenty, "plenty", 5);
      InventoryRepository.insertProduct(db, scarce, "scarce", 1);
    }
  }

  @AfterEach
  void cleanUp() throws SQLException {
    // The answers would otherwise wait in the outbox for the next inventory service's poller.
    try (Connection db = connection()) {
      for (String sql :
          List.of(
              "DELETE FROM outbox WHERE aggregate_id = ANY(?)",
              "DELETE FROM reservation_items WHERE order_id = ANY(?)",
              "DELETE FROM reservations WHERE order_id = ANY(?)")) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
          ps.setArray(1, db.createArrayOf("uuid", orders.toArray()));
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = db.prepareStatement("DELETE FROM products WHERE id LIKE ?")) {
        ps.setString(1, prefix + "%");
        ps.executeUpdate();
      }
    }
    database.close();
  }

  @Test
  void aBatchWritesItsStockReservationsAndAnswersTogether() throws SQLException {
    UUID reserved = order();
    UUID rejected = order();
    UUID cancelledFirst = order();

    handle(
        new SagaEvent.OrderPlaced(reserved, "customer-1", List.of(new OrderLine(plenty, 2))),
        new SagaEvent.OrderPlaced(rejected, "customer-2", List.of(new OrderLine(scarce, 2))),
        new SagaEvent.OrderCancelled(cancelledFirst, "CUSTOMER"));

    assertThat(available(plenty)).isEqualTo(3);
    assertThat(available(scarce)).isEqualTo(1);
    assertThat(reservationStatus(reserved)).isEqualTo("RESERVED");
    assertThat(reservationStatus(rejected)).isEqualTo("REJECTED");
    assertThat(reservationStatus(cancelledFirst)).isEqualTo("RELEASED");
    assertThat(answers())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                reserved, List.of("stock.reserved"),
                rejected, List.of("stock.rejected"),
                cancelledFirst, List.of("stock.released")));
  }

  @Test
  void confirmationsDoNotWaitForTheProductLocksOfABatchThatReserves() throws SQLException {
    UUID confirmed = order();
    UUID cancelled = order();
    handle(
        new SagaEvent.OrderPlaced(confirmed, "customer-1", List.of(new OrderLine(plenty, 1))),
        new SagaEvent.OrderPlaced(cancelled, "customer-1", List.of(new OrderLine(plenty, 1))));

    // Another batch holds the product, as one that reserves does until it commits.
    try (Connection other = database.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement ps =
          other.prepareStatement("SELECT 1 FROM products WHERE id = ? FOR UPDATE")) {
        ps.setString(1, plenty);
        ps.executeQuery().close();
      }

      handle(new SagaEvent.OrderConfirmed(confirmed));
      assertThat(reservationStatus(confirmed)).isEqualTo("CONFIRMED");

      // A cancellation gives stock back, so it must wait for the product: here, past its lock
      // timeout.
      assertThatThrownBy(() -> handle(new SagaEvent.OrderCancelled(cancelled, "CUSTOMER")))
          .isInstanceOf(DataAccessException.class)
          .hasMessageContaining("lock timeout");
      other.rollback();
    }
    handle(new SagaEvent.OrderCancelled(cancelled, "CUSTOMER"));
    assertThat(reservationStatus(cancelled)).isEqualTo("RELEASED");
    assertThat(available(plenty)).isEqualTo(4);
  }

  private UUID order() {
    UUID id = Ids.next();
    orders.add(id);
    return id;
  }

  /**
   * Applies the events as one consumer batch, in one transaction that waits at most 1 s for a lock.
   */
  private void handle(SagaEvent... events) {
    List<IncomingEvent> batch = new ArrayList<>();
    for (SagaEvent event : events) {
      batch.add(
          new IncomingEvent(
              event,
              Ids.next().toString(),
              "handler-it",
              Tracing.tracer().spanBuilder("test").startSpan().getSpanContext()));
    }
    database.inTransaction(
        tx -> {
          try (Statement s = tx.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '1s'");
          }
          Outbox outbox = new Outbox();
          new InventoryEventHandler().handle(tx, batch, outbox);
          outbox.flush(tx);
          return null;
        });
  }

  private int available(String product) throws SQLException {
    try (Connection db = connection()) {
      return InventoryRepository.findProduct(db, product).orElseThrow().available();
    }
  }

  private String reservationStatus(UUID order) throws SQLException {
    try (Connection db = connection()) {
      return InventoryRepository.findReservation(db, order).orElseThrow().status().name();
    }
  }

  /** The routing keys of the outbox rows of this test's orders, per order. */
  private Map<UUID, List<String>> answers() throws SQLException {
    Map<UUID, List<String>> answers = new TreeMap<>();
    try (Connection db = connection();
        PreparedStatement ps =
            db.prepareStatement(
                "SELECT aggregate_id, routing_key FROM outbox WHERE aggregate_id = ANY(?) ORDER BY id")) {
      ps.setArray(1, db.createArrayOf("uuid", orders.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          answers
              .computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
              .add(rs.getString(2));
        }
      }
    }
    return answers;
  }

  private Connection connection() throws SQLException {
    Connection db = database.dataSource().getConnection();
    db.setAutoCommit(true);
    return db;
  }
}
