package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The saga's paths and the APIs' answers to bad input, on real processes, RabbitMQ and PostgreSQL.
 */
class SagaIT {

  private static Platform platform;
  private Scenario scenario;

  @BeforeAll
  static void startPlatform() {
    platform = Platform.start();
  }

  @AfterAll
  static void stopPlatform() {
    platform.close();
  }

  @BeforeEach
  void newScenario() {
    scenario = new Scenario(platform.client());
  }

  @Test
  void orderWithStockIsConfirmedAndItsTimelineTellsTheStory() {
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");

    UUID order = scenario.place(alice, items(widget, 2));

    scenario.awaitStatus(alice, order, "CONFIRMED");
    assertThat(steps(alice, order))
        .containsExactly("ORDER_PLACED", "STOCK_RESERVED", "ORDER_CONFIRMED");
    assertThat(scenario.client().available(widget)).isEqualTo(3);
    scenario.assertInvariantsHold();
  }

  @Test
  void orderBeyondTheStockIsCancelledWithTheReason() {
    String widget = scenario.product("widget", 1);
    String alice = scenario.customer("alice");

    UUID order = scenario.place(alice, items(widget, 2));

    scenario.awaitStatus(alice, order, "CANCELLED");
    assertThat(scenario.client().order(alice, order).body().get("cancelReason").asText())
        .startsWith("OUT_OF_STOCK");
    assertThat(scenario.client().available(widget)).isEqualTo(1);
    scenario.assertInvariantsHold();
  }

  @Test
  void multiItemOrderWithOneShortItemReservesNothing() {
    String plenty = scenario.product("plenty", 10);
    String scarce = scenario.product("scarce", 1);
    String alice = scenario.customer("alice");

    UUID order = scenario.place(alice, items(plenty, 3, scarce, 2));

    scenario.awaitStatus(alice, order, "CANCELLED");
    assertThat(scenario.client().available(plenty)).as("all or nothing").isEqualTo(10);
    assertThat(scenario.client().available(scarce)).isEqualTo(1);
    scenario.assertInvariantsHold();
  }

  @Test
  void cancellingAConfirmedOrderReleasesItsStock() {
    String widget = scenario.product("widget", 4);
    String alice = scenario.customer("alice");
    UUID order = scenario.place(alice, items(widget, 3));
    scenario.awaitStatus(alice, order, "CONFIRMED");

    var cancel = scenario.client().cancel(alice, order);

    assertThat(cancel.status()).isEqualTo(202);
    scenario.awaitStatus(alice, order, "CANCELLED");
    scenario.assertInvariantsHold();
    assertThat(scenario.client().available(widget)).isEqualTo(4);
    assertThat(steps(alice, order))
        .endsWith("CANCEL_REQUESTED", "ORDER_CANCELLED", "STOCK_RELEASED");
    assertThat(scenario.client().cancel(alice, order).status())
        .as("cancelling twice")
        .isEqualTo(409);
  }

  @Test
  void theSameIdempotencyKeyGivesTheSameOrderAndADifferentBodyIsRefused() throws SQLException {
    String widget = scenario.product("widget", 10);
    String alice = scenario.customer("alice");
    var first = scenario.client().placeOrder(alice, items(widget, 1), "key-1");
    var again = scenario.client().placeOrder(alice, items(widget, 1), "key-1");
    var different = scenario.client().placeOrder(alice, items(widget, 2), "key-1");

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(different.status()).isEqualTo(422);
    assertThat(different.header("Content-Type")).isEqualTo("application/problem+json");

    UUID order = UUID.fromString(first.body().get("id").asText());
    scenario.awaitStatus(alice, order, "CONFIRMED");
    assertThat(scenario.client().available(widget)).as("one saga, not two").isEqualTo(9);
    assertThat(placedEvents(order))
        .as("order.placed rows in the orders outbox (the replays wrote none)")
        .isEqualTo(1);
  }

  private static long placedEvents(UUID order) throws SQLException {
    try (Connection db = ServiceDatabases.LOCAL.connect("orders");
        PreparedStatement ps =
            db.prepareStatement(
                "SELECT count(*) FROM outbox WHERE aggregate_id = ? AND routing_key = 'order.placed'")) {
      ps.setObject(1, order);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void badInputGetsAProblemAndChangesNothing() {
    String widget = scenario.product("widget", 10);
    String alice = scenario.customer("alice");
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {"{\"items\": [", 400});
    cases.add(new Object[] {"{\"items\": [], \"coupon\": \"FREE\"}", 400});
    cases.add(new Object[] {"{\"items\": []}", 422});
    cases.add(new Object[] {"{}", 422});
    cases.add(
        new Object[] {"{\"items\": [{\"productId\": \"" + widget + "\", \"quantity\": 0}]}", 422});
    cases.add(
        new Object[] {"{\"items\": [{\"productId\": \"" + widget + "\", \"quantity\": -3}]}", 422});
    cases.add(
        new Object[] {
          "{\"items\": [{\"productId\": \"" + widget + "\", \"quantity\": 99999999}]}", 422
        });
    cases.add(new Object[] {"{\"items\": [{\"productId\": \"" + widget + "\"}]}", 422});
    cases.add(
        new Object[] {"{\"items\": [{\"productId\": \"no-such-product\", \"quantity\": 1}]}", 422});
    cases.add(new Object[] {tooManyItems(widget), 422});
    cases.add(new Object[] {"x".repeat(2 * 1024 * 1024), 413});
    cases.add(new Object[] {"[1, 2]", 400});
    for (Object[] c : cases) {
      var r =
          scenario.client().postOrderBody(alice, ((String) c[0]).getBytes(StandardCharsets.UTF_8));
      String shown =
          ((String) c[0]).length() > 80 ? ((String) c[0]).substring(0, 80) + "..." : (String) c[0];
      assertThat(r.status()).as("status for %s", shown).isEqualTo(c[1]);
      assertThat(r.header("Content-Type"))
          .as("content type for %s", shown)
          .isEqualTo("application/problem+json");
      assertThat(r.body().get("detail").asText()).as("detail for %s", shown).isNotBlank();
    }
    var unknown = scenario.client().order(alice, UUID.randomUUID());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("type").asText()).endsWith("not-found");
    assertThat(scenario.client().available(widget)).isEqualTo(10);
  }

  @Test
  void anotherCustomersOrderIsNotFound() {
    String widget = scenario.product("widget", 10);
    UUID order = scenario.place(scenario.customer("alice"), items(widget, 1));

    assertThat(scenario.client().order(scenario.customer("mallory"), order).status())
        .isEqualTo(404);
    assertThat(scenario.client().cancel(scenario.customer("mallory"), order).status())
        .isEqualTo(404);
    scenario.assertInvariantsHold();
  }

  private List<String> steps(String customer, UUID order) {
    JsonNode timeline = scenario.client().timeline(customer, order).body();
    List<String> steps = new ArrayList<>();
    timeline.get("steps").forEach(s -> steps.add(s.get("step").asText()));
    return steps;
  }

  private static String tooManyItems(String product) {
    StringBuilder sb = new StringBuilder("{\"items\": [");
    for (int i = 0; i < 51; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"productId\": \"")
          .append(product)
          .append(i)
          .append("\", \"quantity\": 1}");
    }
    return sb.append("]}").toString();
  }
}
