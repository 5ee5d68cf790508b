package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With inventory away, orders end by their deadline, and the late reservation is compensated. */
class DeadlineIT {

  private Platform platform;
  private Scenario scenario;

  @BeforeEach
  void start() {
    platform =
        Platform.start(
            1, Map.of("ORDERS_SAGA_TIMEOUT", "2s", "ORDERS_DEADLINE_SCAN_INTERVAL", "200ms"));
    scenario = new Scenario(platform.client());
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void pendingOrdersAreCancelledWithTimeoutWhileInventoryIsStopped() {
    String widget = scenario.product("widget", 10);
    String alice = scenario.customer("alice");
    ServiceProcess inventory = platform.inventory.getFirst();
    inventory.stop();

    UUID first = scenario.place(alice, items(widget, 2));
    UUID second = scenario.place(alice, items(widget, 3));

    scenario.awaitStatus(alice, first, "CANCELLED");
    scenario.awaitStatus(alice, second, "CANCELLED");
    assertThat(scenario.client().order(alice, first).body().get("cancelReason").asText())
        .isEqualTo("TIMEOUT");

    inventory.restart();
    // Inventory now sees order.placed then order.cancelled: it reserves, then releases.
    scenario.assertInvariantsHold();
    assertThat(scenario.client().available(widget)).isEqualTo(10);
    assertThat(scenario.client().status(alice, first)).isEqualTo("CANCELLED");
  }
}
