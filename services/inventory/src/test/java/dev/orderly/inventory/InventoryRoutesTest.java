package dev.orderly.inventory;

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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inventory API as the service routes it (tokens, roles, 405s, problem+json), on the local
 * PostgreSQL's {@code inventory} database.
 */
@ServerTest
@Timeout(60)
class InventoryRoutesTest {

  private static final TestSagaService INVENTORY =
      new TestSagaService(InventoryMain.DEFINITION, Map.of());

  private final Http1Client client;

  InventoryRoutesTest(Http1Client client) {
    this.client = client;
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    INVENTORY.routing(routing);
  }

  @AfterAll
  static void close() {
    INVENTORY.close();
  }

  @Test
  void anAdminCreatesAProductAndSetsItsStockACustomerMayNot() {
    String id = "routes-" + UUID.randomUUID();
    try (Http1ClientResponse res = create(customer(), id, 5)) {
      assertThat(res.status().code()).isEqualTo(403);
    }
    try (Http1ClientResponse res = create(admin(), id, 5)) {
      assertThat(res.status().code()).isEqualTo(201);
      assertThat(res.headers().first(HeaderNames.LOCATION)).contains("/products/" + id);
      assertThat(json(res).get("available").asInt()).isEqualTo(5);
    }
    try (Http1ClientResponse res = create(admin(), id, 5)) {
      assertThat(res.status().code()).isEqualTo(409);
    }
    try (Http1ClientResponse res =
        with(admin(), client.put("/products/" + id + "/stock"))
            .header(HeaderNames.CONTENT_TYPE, "application/json")
            .submit("{\"available\":12}")) {
      assertThat(res.status().code()).isEqualTo(200);
    }
    try (Http1ClientResponse res = with(customer(), client.get("/products/" + id)).request()) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(json(res).get("available").asInt()).isEqualTo(12);
    }
  }

  @Test
  void invalidStockIsRefusedNamingTheFieldAndUnknownThingsAre404() {
    try (Http1ClientResponse res = create(admin(), "routes-" + UUID.randomUUID(), -1)) {
      assertThat(res.status().code()).isEqualTo(422);
      assertThat(json(res).get("errors").get(0).get("field").asText()).isEqualTo("stock");
    }
    try (Http1ClientResponse res = with(customer(), client.get("/products/no-such")).request()) {
      assertThat(res.status().code()).isEqualTo(404);
    }
    try (Http1ClientResponse res =
        with(customer(), client.get("/reservations/" + UUID.randomUUID())).request()) {
      assertThat(res.status().code()).isEqualTo(404);
    }
  }

  @Test
  void anUndocumentedMethodIs405WithAllow() {
    try (Http1ClientResponse res =
        with(admin(), client.method(Method.DELETE).path("/products")).request()) {
      assertThat(res.status().code()).isEqualTo(405);
      assertThat(res.headers().first(HeaderNames.ALLOW)).contains("GET, POST");
    }
  }

  private Http1ClientResponse create(String token, String id, int stock) {
    return with(token, client.post("/products"))
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .submit("{\"id\":\"" + id + "\",\"name\":\"A product\",\"stock\":" + stock + "}");
  }

  private static Http1ClientRequest with(String token, Http1ClientRequest request) {
    return request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
  }

  private static String admin() {
    return INVENTORY.tokens.withRoles("admin-" + UUID.randomUUID(), "admin", "customer");
  }

  private static String customer() {
    return INVENTORY.tokens.valid("customer-" + UUID.randomUUID());
  }

  private static JsonNode json(Http1ClientResponse res) {
    try {
      return Json.mapper().readTree(res.as(String.class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
