package dev.orderly.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of each service share the work: no order is processed twice, no message relayed
 * twice.
 */
class ScaleOutIT {

  private Platform platform;
  private Scenario scenario;

  @BeforeEach
  void start() {
    platform = Platform.start(2, Map.of());
    scenario = new Scenario(platform.client());
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void twoInstancesOfEachServiceCompeteForScarceStockSafely() {
    String widget = scenario.product("widget", 120);
    List<SagaClient> both = platform.orders.stream().map(platform::client).toList();

    List<UUID> orders = scenario.burst(both, widget, 300, placed -> {});

    assertThat(orders).hasSize(300);
    scenario.assertInvariantsHold();
    assertThat(scenario.client().available(widget)).as("120 confirmed, 180 rejected").isZero();
    for (ServiceProcess p : platform.inventory) {
      assertThat(Metrics.messagesHandled(p, "duplicate"))
          .as("a relay never published a row twice")
          .isZero();
    }
    for (ServiceProcess p : platform.orders) {
      assertThat(Metrics.messagesHandled(p, "duplicate"))
          .as("a relay never published a row twice")
          .isZero();
      assertThat(Metrics.messagesHandled(p, "processed"))
          .as("both instances did work")
          .isPositive();
    }
  }
}
