package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How outbox rows leave: a committed transaction's rows are published at once (dispatch) and
 * marked sent when confirmed; the relay's poller publishes only what a dispatch could not.
 */
class OutboxDispatchIT {

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
        // The poller's first round would come after an hour: only the dispatch can move the saga.
        Map<String, String> noPoller = Map.of("OUTBOX_POLL_INTERVAL", "1h");
        platform = Platform.start(1, noPoller, noPoller);
        Scenario scenario = new Scenario(platform.client());
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

        List<UUID> orders = List.of(confirmed, rejected, cancelled);
        awaitAllSent("orders", orders, 6);
        awaitAllSent("inventory", orders, 4);
        assertThat(scenario.client().available(widget)).isEqualTo(3);
        scenario.assertInvariantsHold();
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
        assertThat(Metrics.scrape(platform.orders.getFirst()).total("orderly_outbox_publish_failures_total"))
                .as("the dispatch of order.placed failed while the broker was down").isPositive();
        awaitAllSent("orders", List.of(order), 2);
        scenario.assertInvariantsHold();
    }

    /** Waits until {@code service}'s outbox holds {@code rows} rows for the orders, all sent. */
    private static void awaitAllSent(String service, List<UUID> orders, int rows) {
        Awaitility.await(service + " outbox rows sent").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sentAndUnsent(service, orders), counts -> counts[0] == rows && counts[1] == 0);
    }

    private static long[] sentAndUnsent(String service, List<UUID> orders) throws SQLException {
        try (Connection db = InvariantChecker.connect(service);
             PreparedStatement ps = db.prepareStatement("""
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
