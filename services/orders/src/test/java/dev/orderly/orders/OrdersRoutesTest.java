package dev.orderly.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.common.http.Json;
import dev.orderly.common.testing.TestSagaService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The orders API as the service routes it (tokens, 405s, problem+json), on the local PostgreSQL's
 * {@code orders} database: what each request answers and what it writes, the events of its
 * transaction included. No broker: the saga itself is the integration tests'.
 */
@ServerTest
@Timeout(60)
class OrdersRoutesTest {

  // Inventory unreachable: the product check cannot tell, and the order is accepted.
  private static final TestSagaService ORDERS =
      new TestSagaService(
          OrdersMain.DEFINITION,
          Map.of("orders.inventory.url", "http://127.0.0.1:9", "orders.placement.writers", "1"));

  private final Http1Client client;

  OrdersRoutesTest(Http1Client client) {
    this.client = client;
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    ORDERS.routing(routing);
  }

  @AfterAll
  static void close() {
    ORDERS.close();
  }

  @Test
  void aPlacedOrderIsPendingItsOwnersAndItsPlacedEventIsWrittenAndDispatched() throws Exception {
    String alice = customer("alice");
    int dispatchedBefore = ORDERS.dispatched.size();
    UUID id;
    try (Http1ClientResponse res = place(alice, null, "widget", 2)) {
      assertThat(res.status().code()).isEqualTo(202);
      JsonNode body = json(res);
      id = UUID.fromString(body.get("id").asText());
      assertThat(body.get("status").asText()).isEqualTo("PENDING");
      assertThat(res.headers().first(HeaderNames.LOCATION)).contains("/orders/" + id);
    }
    assertThat(events(id)).containsExactly("order.placed");
    assertThat(ORDERS.dispatched.size()).isGreaterThan(dispatchedBefore);

    try (Http1ClientResponse res = as(alice, client.get("/orders/" + id)).request()) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(json(res).get("status").asText()).isEqualTo("PENDING");
    }
    try (Http1ClientResponse res = as(customer("mallory"), client.get("/orders/" + id)).request()) {
      assertThat(res.status().code()).as("another customer's order").isEqualTo(404);
    }
  }

  @Test
  void theSameIdempotencyKeyGetsTheSameOrderAndADifferentOrderUnderItIsRefused() throws Exception {
    String bob = customer("bob");
    String key = "key-" + UUID.randomUUID();
    String first;
    try (Http1ClientResponse res = place(bob, key, "widget", 1)) {
      assertThat(res.status().code()).isEqualTo(202);
      first = json(res).get("id").asText();
    }
    try (Http1ClientResponse res = place(bob, key, "widget", 1)) {
      assertThat(res.status().code()).isEqualTo(202);
      assertThat(json(res).get("id").asText()).isEqualTo(first);
      assertThat(res.headers().first(HeaderNames.create("Idempotent-Replayed"))).contains("true");
    }
    try (Http1ClientResponse res = place(bob, key, "gadget", 1)) {
      assertThat(res.status().code()).isEqualTo(422);
      assertThat(json(res).get("type").asText()).endsWith("/idempotency-key-reused");
    }
    assertThat(events(UUID.fromString(first))).as("one order, one event").hasSize(1);
  }

  @Test
  void cancellingWritesTheCancellationOnceAndASecondCancelIsAConflict() throws Exception {
    String carol = customer("carol");
    UUID id;
    try (Http1ClientResponse res = place(carol, null, "widget", 1)) {
      id = UUID.fromString(json(res).get("id").asText());
    }
    try (Http1ClientResponse res =
        as(customer("mallory"), client.post("/orders/" + id + "/cancel")).request()) {
      assertThat(res.status().code()).as("another customer's order").isEqualTo(404);
    }
    try (Http1ClientResponse res = as(carol, client.post("/orders/" + id + "/cancel")).request()) {
      assertThat(res.status().code()).isEqualTo(202);
      assertThat(json(res).get("status").asText()).isEqualTo("CANCELLED");
    }
    try (Http1ClientResponse res = as(carol, client.post("/orders/" + id + "/cancel")).request()) {
      assertThat(res.status().code()).isEqualTo(409);
    }
    assertThat(events(id)).containsExactly("order.placed", "order.cancelled");
    try (Http1ClientResponse res = as(carol, client.get("/orders/" + id + "/timeline")).request()) {
      assertThat(res.status().code()).isEqualTo(200);
      List<String> steps = new ArrayList<>();
      json(res).get("steps").forEach(step -> steps.add(step.get("step").asText()));
      assertThat(steps).containsExactly("ORDER_PLACED", "CANCEL_REQUESTED", "ORDER_CANCELLED");
    }
  }

  @Test
  void noTokenIs401AnUndocumentedMethodIs405AndALenientQuantityIs400() {
    try (Http1ClientResponse res = client.get("/orders").request()) {
      assertThat(res.status().code()).isEqualTo(401);
    }
    try (Http1ClientResponse res = client.method(Method.PUT).path("/orders").request()) {
      assertThat(res.status().code()).isEqualTo(405);
      assertThat(res.headers().first(HeaderNames.ALLOW)).contains("GET, POST");
    }
    try (Http1ClientResponse res =
        as(customer("dave"), client.post("/orders"))
            .header(HeaderNames.CONTENT_TYPE, "application/json")
            .submit("{\"items\":[{\"productId\":\"widget\",\"quantity\":1.5}]}")) {
      assertThat(res.status().code()).isEqualTo(400);
      assertThat(res.headers().first(HeaderNames.CONTENT_TYPE))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
  }

  private Http1ClientResponse place(String customer, String key, String product, int quantity) {
    Http1ClientRequest request =
        as(customer, client.post("/orders")).header(HeaderNames.CONTENT_TYPE, "application/json");
    if (key != null) {
      request.header(HeaderNames.create("Idempotency-Key"), key);
    }
    return request.submit(
        "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":" + quantity + "}]}");
  }

  private static Http1ClientRequest as(String customer, Http1ClientRequest request) {
    return request.header(HeaderNames.AUTHORIZATION, "Bearer " + ORDERS.tokens.valid(customer));
  }

  /** The routing keys of the order's outbox rows, in the order they were written. */
  private static List<String> events(UUID order) throws Exception {
    return ORDERS
        .database()
        .inTransaction(
            tx -> {
              try (PreparedStatement ps =
                  tx.prepareStatement(
                      "SELECT routing_key FROM outbox WHERE aggregate_id = ? ORDER BY id")) {
                ps.setObject(1, order);
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    keys.add(rs.getString(1));
                  }
                }
                return keys;
              }
            });
  }

  private static String customer(String name) {
    return name + "-" + UUID.randomUUID();
  }

  private static JsonNode json(Http1ClientResponse res) {
    try {
      return Json.mapper().readTree(res.as(String.class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
