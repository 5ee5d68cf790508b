package dev.orderly.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.Ids;
import dev.orderly.common.messaging.BrokerConnection;
import dev.orderly.common.messaging.SagaMessaging;
import dev.orderly.common.observability.Tracing;
import dev.orderly.common.testing.LocalInfrastructure;
import dev.orderly.contracts.RoutingKeys;
import dev.orderly.contracts.SagaEvent;
import dev.orderly.contracts.Topology;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OutboxRelay#dispatch} on the real inventory database and broker: before the relay closes a
 * committed row is published and then deleted; once it is closing, a late dispatch (a consumer
 * batch that outlived its grace) publishes nothing and leaves the row to the next poller, so no
 * message goes out twice.
 */
class OutboxRelayTest {

  // Pollers that never wake within the test: only dispatch publishes.
  private static final OutboxSettings SETTINGS =
      new OutboxSettings(200, 1, Duration.ofHours(1), Duration.ZERO, Duration.ofHours(1));

  private final String queue = "orderly-test-relay-" + UUID.randomUUID();
  private final List<UUID> orders = new ArrayList<>();
  private Database database;
  private BrokerConnection broker;
  private Channel admin;
  private SagaMessaging messaging;
  private OutboxRelay relay;

  @BeforeEach
  void start() throws Exception {
    database = LocalInfrastructure.database("inventory", 2);
    broker =
        BrokerConnection.open(
            LocalInfrastructure.BROKER, "outbox-relay-it", Duration.ofSeconds(10));
    admin = broker.openChannel();
    // Declares the topology, so the exchange exists on a new broker too.
    messaging = SagaMessaging.start(broker, LocalInfrastructure.BROKER);
    // What the relay publishes as stock.released, this queue receives (besides orders' own queue).
    admin.queueDeclare(queue, false, false, true, null);
    admin.queueBind(queue, Topology.EVENTS_EXCHANGE, RoutingKeys.STOCK_RELEASED);
    relay = new OutboxRelay(database, messaging, SETTINGS);
  }

  @AfterEach
  void stop() throws Exception {
    relay.close();
    messaging.close();
    try (Connection db = database.dataSource().getConnection();
        PreparedStatement ps =
            db.prepareStatement("DELETE FROM outbox WHERE aggregate_id = ANY(?)")) {
      db.setAutoCommit(true);
      ps.setArray(1, db.createArrayOf("uuid", orders.toArray()));
      ps.executeUpdate();
    }
    takeOursFrom(Topology.ORDERS_STOCK_EVENTS.name());
    admin.queueDelete(queue);
    broker.close();
    database.close();
  }

  @Test
  void aDispatchAfterCloseLeavesItsRowToTheNextPoller() throws Exception {
    UUID before = order();
    relay.dispatch(written(before));
    Awaitility.await("the message confirmed and its row deleted")
        .atMost(Duration.ofSeconds(10))
        .until(() -> rows(before) == 0 && admin.messageCount(queue) == 1);

    relay.close();
    UUID after = order();
    relay.dispatch(written(after));

    Thread.sleep(1000); // a publish would have been confirmed well within this
    assertThat(admin.messageCount(queue)).as("messages published").isEqualTo(1);
    assertThat(rows(after)).as("the late row, left for the next poller").isEqualTo(1);
  }

  private UUID order() {
    UUID order = Ids.next();
    orders.add(order);
    return order;
  }

  /**
   * Commits an outbox row (stock.released) for {@code order}: the outbox as a consumer's batch
   * hands it over.
   */
  private Outbox written(UUID order) {
    Outbox outbox =
        new Outbox()
            .add(
                new SagaEvent.StockReleased(order, List.of()),
                "relay-it",
                Tracing.tracer().spanBuilder("test").startSpan().getSpanContext());
    database.inTransaction(
        tx -> {
          outbox.flush(tx);
          return null;
        });
    return outbox;
  }

  private long rows(UUID order) throws SQLException {
    try (Connection db = database.dataSource().getConnection();
        PreparedStatement ps =
            db.prepareStatement("SELECT count(*) FROM outbox WHERE aggregate_id = ?")) {
      ps.setObject(1, order);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Removes this test's messages from {@code name}, returning every other message to it. */
  private void takeOursFrom(String name) throws Exception {
    List<Long> others = new ArrayList<>();
    GetResponse response;
    while ((response = admin.basicGet(name, false)) != null) {
      String body = new String(response.getBody(), StandardCharsets.UTF_8);
      if (orders.stream().anyMatch(o -> body.contains(o.toString()))) {
        admin.basicAck(response.getEnvelope().getDeliveryTag(), false);
      } else {
        others.add(response.getEnvelope().getDeliveryTag());
      }
    }
    for (long tag : others) {
      admin.basicNack(tag, false, true);
    }
  }
}
