package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How outbox rows leave: a committed transaction's rows are published at once (dispatch) and marked
 * sent when confirmed; the relay's poller publishes only what a dispatch could not.
 */
class OutboxDispatchIT {

  // The poller's first round would come after an hour: only the dispatch can move the saga.
  private static final Map<String, String> NO_POLLER = Map.of("OUTBOX_POLL_INTERVAL", "1h");

  private Platform platform;

  @AfterEach
  void stop() {
    TestEnvironment.infra("rabbitmq-start");
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theSagaRunsOnDispatchAloneAndEveryRowIsMarkedSent() {
    platform = Platform.start(1, NO_POLLER, NO_POLLER);
    List<UUID> orders = confirmRejectAndCancel(new Scenario(platform.client()));

    awaitOutbox("orders", orders, 6, 0);
    awaitOutbox("inventory", orders, 4, 0);
  }

  @Test
  void withoutRetentionAConfirmedRowIsDeleted() {
    Map<String, String> deleteSent = new HashMap<>(NO_POLLER);
    deleteSent.put("OUTBOX_RETENTION", "0s");
    platform = Platform.start(1, deleteSent, deleteSent);
    List<UUID> orders = confirmRejectAndCancel(new Scenario(platform.client()));

    // The sagas needed every message, and no row is left: each was deleted once confirmed.
    awaitOutbox("orders", orders, 0, 0);
    awaitOutbox("inventory", orders, 0, 0);
  }

  /** An order confirmed, one rejected, one cancelled after confirmation; returns them. */
  private static List<UUID> confirmRejectAndCancel(Scenario scenario) {
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");
    UUID confirmed = scenario.place(alice, items(widget, 2));
    UUID rejected = scenario.place(alice, items(widget, 9));
    scenario.awaitStatus(alice, confirmed, "CONFIRMED");
    scenario.awaitStatus(alice, rejected, "CANCELLED");
    UUID cancelled = scenario.place(alice, items(widget, 1));
    scenario.awaitStatus(alice, cancelled, "CONFIRMED");
    scenario.client().cancel(alice, cancelled);
    scenario.awaitStatus(alice, cancelled, "CANCELLED");
    Awaitility.await("stock released")
        .atMost(Duration.ofSeconds(30))
        .until(() -> scenario.client().available(widget), available -> available == 3);
    scenario.assertInvariantsHold();
    return List.of(confirmed, rejected, cancelled);
  }

  @Test
  void whatTheDispatchCouldNotPublishThePollerDoes() {
    platform = Platform.start();
    Scenario scenario = new Scenario(platform.client());
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");

    TestEnvironment.infra("rabbitmq-stop");
    UUID order = scenario.place(alice, items(widget, 1));
    TestEnvironment.infra("rabbitmq-start");

    scenario.awaitStatus(alice, order, "CONFIRMED");
    assertThat(
            Metrics.scrape(platform.orders.getFirst())
                .total("orderly_outbox_publish_failures_total"))
        .as("the dispatch of order.placed failed while the broker was down")
        .isPositive();
    awaitOutbox("orders", List.of(order), 2, 0);
    scenario.assertInvariantsHold();
  }

  @Test
  void aCleanStopMarksWhatItDispatchedSoTheRestartPublishesNothingTwice() {
    platform = Platform.start();
    Scenario scenario = new Scenario(platform.client());
    String widget = scenario.product("widget", 500);
    ServiceProcess inventory = platform.inventory.getFirst();
    AtomicBoolean restarted = new AtomicBoolean();

    // SIGTERM in the middle of a burst, while inventory has answers in flight, then a new start.
    List<UUID> orders =
        scenario.burst(
            List.of(scenario.client()),
            widget,
            300,
            placed -> {
              if (placed == 150 && restarted.compareAndSet(false, true)) {
                inventory.restart();
              }
            });

    assertThat(restarted).isTrue();
    scenario.assertInvariantsHold();
    // Every answer sent and marked: a row left unmarked would have been published again by the
    // new process's poller after the grace, and orders would have seen it twice.
    awaitOutbox("inventory", orders, 300, 0);
    ServiceProcess.sleep(2000);
    assertThat(Metrics.messagesHandled(platform.orders.getFirst(), "duplicate"))
        .as("answers orders received twice")
        .isZero();
  }

  @Test
  void aServiceStartingOnAFullQueueDispatchesFromItsFirstDelivery() {
    platform = Platform.start(1, NO_POLLER, NO_POLLER);
    Scenario scenario = new Scenario(platform.client());
    String widget = scenario.product("widget", 1000);
    String alice = scenario.customer("alice");
    // Orders remembers the product, so it takes orders while inventory is away.
    scenario.awaitStatus(alice, scenario.place(alice, items(widget, 1)), "CONFIRMED");
    ServiceProcess inventory = platform.inventory.getFirst();

    inventory.stop();
    List<UUID> orders = scenario.burst(List.of(scenario.client()), widget, 400, placed -> {});
    // It starts on 400 waiting deliveries: the first batch commits within milliseconds of the
    // consumer starting, and its answers must be dispatched (the poller is off) exactly once.
    inventory.restart();

    awaitOutbox("inventory", orders, 400, 0);
    scenario.assertInvariantsHold();
    assertThat(Metrics.messagesHandled(inventory, "duplicate"))
        .as("deliveries inventory received again after it had committed them")
        .isZero();
  }

  /** Waits until {@code service}'s outbox holds that many sent and unsent rows for the orders. */
  private static void awaitOutbox(String service, List<UUID> orders, int sent, int unsent) {
    Awaitility.await(service + " outbox: " + sent + " sent, " + unsent + " unsent")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> sentAndUnsent(service, orders),
            counts -> counts[0] == sent && counts[1] == unsent);
  }

  private static long[] sentAndUnsent(String service, List<UUID> orders) throws SQLException {
    try (Connection db = ServiceDatabases.LOCAL.connect(service);
        PreparedStatement ps =
            db.prepareStatement(
                """
                     SELECT count(*) FILTER (WHERE sent_at IS NOT NULL), count(*) FILTER (WHERE sent_at IS NULL)
                     FROM outbox WHERE aggregate_id = ANY(?)""")) {
      ps.setArray(1, db.createArrayOf("uuid", orders.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }
}
