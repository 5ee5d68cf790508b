package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.contracts.RoutingKeys;
import dev.orderly.contracts.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the broker can do to messages: deliver them twice, or carry one nobody can handle. */
class DeliveryFaultsIT {

  private Platform platform;
  private Broker broker;
  private Scenario scenario;

  @BeforeEach
  void start() {
    platform = Platform.start();
    broker = new Broker();
    scenario = new Scenario(platform.client());
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    platform.close();
  }

  @Test
  void everyMessageDeliveredTwiceHasItsEffectOnce() throws Exception {
    String widget = scenario.product("widget", 30);
    String gadget = scenario.product("gadget", 5);
    broker.duplicateEverything();

    for (int i = 0; i < 3; i++) {
      String customer = scenario.customer("early" + i);
      UUID order = scenario.place(customer, items(widget, 1, gadget, 1));
      scenario.awaitStatus(customer, order, "CONFIRMED");
      assertThat(scenario.client().cancel(customer, order).status()).isEqualTo(202);
    }
    for (int i = 0; i < 17; i++) {
      scenario.place(scenario.customer("late" + i), items(widget, 1, gadget, 1));
    }

    scenario.assertInvariantsHold();
    assertThat(Metrics.messagesHandled(platform.inventory.getFirst(), "duplicate"))
        .as("inventory skipped duplicates")
        .isPositive();
    assertThat(Metrics.messagesHandled(platform.orders.getFirst(), "duplicate"))
        .as("orders skipped duplicates")
        .isPositive();
  }

  @Test
  void poisonMessageIsDeadLetteredAndTheConsumerKeepsGoing() throws Exception {
    String dlq = Topology.INVENTORY_ORDER_EVENTS.deadLetterQueue();
    broker.purge(dlq);
    String widget = scenario.product("widget", 5);

    broker.publishRaw(
        RoutingKeys.ORDER_PLACED, "{this is not an order".getBytes(StandardCharsets.UTF_8));
    String alice = scenario.customer("alice");
    UUID order = scenario.place(alice, items(widget, 1));

    scenario.awaitStatus(alice, order, "CONFIRMED");
    Awaitility.await("poison message in " + dlq)
        .atMost(Duration.ofSeconds(60))
        .until(() -> broker.depth(dlq), depth -> depth == 1);
    assertThat(Metrics.messagesHandled(platform.inventory.getFirst(), "dead_lettered"))
        .isEqualTo(1);
    scenario.assertInvariantsHold();

    // Visible and replayable: an operator can put it back after a fix; this one fails again.
    SagaClient.Response visible = scenario.client().adminGet("/admin/dead-letters");
    assertThat(visible.body().get("messages").asLong()).isEqualTo(1);
    SagaClient.Response replayed =
        scenario.client().adminPost("/admin/dead-letters/replay?limit=10");
    assertThat(replayed.body().get("replayed").asInt()).isEqualTo(1);
    Awaitility.await("replayed poison dead-lettered again")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Metrics.messagesHandled(platform.inventory.getFirst(), "dead_lettered") == 2
                    && broker.depth(dlq) == 1);
  }
}
