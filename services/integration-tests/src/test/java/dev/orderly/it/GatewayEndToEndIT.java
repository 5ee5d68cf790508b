package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.common.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The four services as processes, clients talking only to the gateway, against the real broker and
 * database: tokens from the auth service, the saga through {@code /api}, and what the gateway adds
 * (token checks, rate limits, circuit breakers, correlation, body limit, order details).
 */
class GatewayEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Platform platform;
  private static ServiceProcess gateway;
  private static String api;
  private static SagaClient client;
  private Scenario scenario;

  @BeforeAll
  static void start() {
    platform = Platform.start();
    gateway =
        startGateway(
            Map.of(
                "GATEWAY_RATELIMIT_REQUESTSPERSECOND",
                "1000",
                "GATEWAY_RATELIMIT_BURST",
                "2000",
                "GATEWAY_CIRCUIT_DELAY",
                "2s"));
    api = gateway.uri() + "/api";
    client = platform.clientThrough(gateway);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @BeforeEach
  void newScenario() {
    scenario = new Scenario(client);
  }

  private static ServiceProcess startGateway(Map<String, String> extra) {
    return platform.gateway(extra);
  }

  @Test
  void registerTokenOrderConfirmed() {
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");
    SagaClient.Response registered = client.tokens().register(alice, Tokens.password(alice));
    assertThat(registered.status()).isEqualTo(201);
    String token = client.tokens().login(alice, Tokens.password(alice));
    assertThat(token.split("\\.")).hasSize(3);

    UUID order = scenario.place(alice, items(widget, 2));

    scenario.awaitStatus(alice, order, "CONFIRMED");
    assertThat(client.order(alice, order).body().get("customerId").asText())
        .as("the customer is the token's subject")
        .isEqualTo(Tokens.JwtClaims.subject(token));
    assertThat(client.available(widget)).isEqualTo(3);
    scenario.assertInvariantsHold();
  }

  @Test
  void orderBeyondTheStockIsCancelled() {
    String widget = scenario.product("widget", 1);
    String alice = scenario.customer("alice");

    UUID order = scenario.place(alice, items(widget, 2));

    scenario.awaitStatus(alice, order, "CANCELLED");
    assertThat(client.order(alice, order).body().get("cancelReason").asText()).isNotBlank();
    assertThat(client.available(widget)).isEqualTo(1);
    scenario.assertInvariantsHold();
  }

  @Test
  void anotherCustomersOrderIsNotFound() {
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");
    String mallory = scenario.customer("mallory");
    UUID order = scenario.place(alice, items(widget, 1));
    scenario.awaitStatus(alice, order, "CONFIRMED");

    assertThat(client.order(mallory, order).status()).isEqualTo(404);
    assertThat(client.timeline(mallory, order).status()).isEqualTo(404);
    assertThat(client.cancel(mallory, order).status()).isEqualTo(404);
    assertThat(get(api + "/orders/" + order + "/details", client.as(mallory)).status())
        .isEqualTo(404);
    assertThat(client.reservation(mallory, order).status())
        .as("nor its reservation")
        .isEqualTo(404);
    assertThat(client.reservation(alice, order).status()).isEqualTo(200);
    assertThat(client.status(alice, order)).isEqualTo("CONFIRMED");
    scenario.assertInvariantsHold();
  }

  @Test
  void badTokensAreRefusedByTheGatewayAndByEveryService() throws Exception {
    String subject = client.tokens().subject(scenario.customer("alice"));
    TestTokens tokens = new TestTokens(platform.signingKey, platform.issuer);
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("forged signature", tokens.forged(subject));
    bad.put(
        "expired",
        tokens.with(
            subject,
            c ->
                c.issueTime(Date.from(Instant.now().minusSeconds(1200)))
                    .expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    bad.put("wrong audience", tokens.with(subject, c -> c.audience("another-api")));
    bad.put("alg none", tokens.algNone(subject));
    String good = tokens.valid(subject);
    assertThat(get(api + "/orders", SagaClient.bearer(good)).status())
        .as("a well-made token")
        .isEqualTo(200);

    String orders = platform.orders.getFirst().uri().toString();
    String inventory = platform.inventory.getFirst().uri().toString();
    for (var token : bad.entrySet()) {
      Map<String, String> auth = SagaClient.bearer(token.getValue());
      SagaClient.Response viaGateway = get(api + "/orders", auth);
      assertThat(viaGateway.status()).as("gateway, " + token.getKey()).isEqualTo(401);
      assertThat(viaGateway.header("Content-Type")).startsWith("application/problem+json");
      assertThat(get(orders + "/orders", auth).status())
          .as("orders, " + token.getKey())
          .isEqualTo(401);
      assertThat(get(inventory + "/reservations/" + UUID.randomUUID(), auth).status())
          .as("inventory, " + token.getKey())
          .isEqualTo(401);
    }
    assertThat(get(api + "/orders", Map.of()).status())
        .as("no token at the gateway")
        .isEqualTo(401);
    assertThat(get(orders + "/orders", Map.of()).status()).as("no token at orders").isEqualTo(401);

    // Inventory writes and dead letters need the admin role; reading the catalogue does not.
    Map<String, String> customer = SagaClient.bearer(good);
    String product = "{\"id\":\"" + scenario.customer("nope") + "\",\"name\":\"No\",\"stock\":1}";
    assertThat(post(inventory + "/products", product, Map.of()).status()).isEqualTo(401);
    assertThat(post(inventory + "/products", product, customer).status()).isEqualTo(403);
    assertThat(post(api + "/inventory/products", product, customer).status()).isEqualTo(403);
    assertThat(put(inventory + "/products/x/stock", "{\"available\":1}", customer).status())
        .isEqualTo(403);
    assertThat(get(inventory + "/admin/dead-letters", customer).status()).isEqualTo(403);
    assertThat(get(orders + "/admin/dead-letters", Map.of()).status()).isEqualTo(401);
    assertThat(get(inventory + "/products", Map.of()).status()).isEqualTo(200);
    assertThat(get(api + "/inventory/products", Map.of()).status()).isEqualTo(200);
    assertThat(get(orders + "/observe/health/ready", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void aClientOverItsRateLimitIsToldToWait() {
    ServiceProcess strict =
        startGateway(
            Map.of("GATEWAY_RATELIMIT_REQUESTSPERSECOND", "1", "GATEWAY_RATELIMIT_BURST", "3"));
    try {
      Map<String, String> auth = client.as(scenario.customer("greedy"));
      List<SagaClient.Response> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(get(strict.uri() + "/api/orders", auth));
      }
      assertThat(answers.getFirst().status()).isEqualTo(200);
      assertThat(answers.getFirst().header("RateLimit-Limit")).isEqualTo("3");
      SagaClient.Response refused =
          answers.stream()
              .filter(r -> r.status() == 429)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no 429 among " + answers));
      assertThat(refused.header("Retry-After")).isNotBlank();
      assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
      assertThat(refused.header("RateLimit-Limit")).isEqualTo("3");
      assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
      assertThat(refused.header("RateLimit-Reset")).isNotBlank();
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    } finally {
      strict.close();
    }
  }

  @Test
  void aKilledUpstreamOpensTheCircuitAndItClosesOnceTheUpstreamIsBack() {
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");
    ServiceProcess inventory = platform.inventory.getFirst();
    inventory.killHard();
    UUID order;
    try {
      SagaClient.Response open = null;
      for (int i = 0; i < 60 && open == null; i++) {
        SagaClient.Response r = get(api + "/inventory/products/" + widget, Map.of());
        assertThat(r.status()).as("inventory is down").isIn(502, 503, 504);
        if (r.status() == 503) {
          open = r;
        }
      }
      assertThat(open).as("the circuit opened").isNotNull();
      assertThat(open.header("Retry-After")).isNotBlank();
      assertThat(open.header("Content-Type")).startsWith("application/problem+json");
      assertThat(
              Metrics.scrape(gateway).sum("orderly_gateway_circuit_state", "upstream", "inventory"))
          .as("circuit state open")
          .isEqualTo(2.0);
      // Orders still takes orders; the saga finishes once inventory is back.
      order = scenario.place(alice, items(widget, 1));
    } finally {
      inventory.restart();
    }
    Awaitility.await("inventory reachable through the gateway again")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get(api + "/inventory/products/" + widget, Map.of()).status() == 200);
    assertThat(
            Metrics.scrape(gateway).sum("orderly_gateway_circuit_state", "upstream", "inventory"))
        .as("circuit closed")
        .isZero();
    scenario.awaitStatus(alice, order, "CONFIRMED");
    scenario.assertInvariantsHold();
  }

  @Test
  void theClientsCorrelationIdFollowsTheOrderThroughTheSaga() {
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");
    String correlationId = "e2e-" + UUID.randomUUID();
    Map<String, String> headers = new LinkedHashMap<>(client.as(alice));
    headers.put("X-Correlation-ID", correlationId);

    SagaClient.Response placed =
        post(
            api + "/orders",
            "{\"items\":[{\"productId\":\"" + widget + "\",\"quantity\":1}]}",
            headers);
    assertThat(placed.status()).isEqualTo(202);
    assertThat(placed.header("X-Correlation-ID")).isEqualTo(correlationId);
    UUID order = UUID.fromString(placed.body().get("id").asText());
    scenario.acceptedElsewhere(order);
    scenario.awaitStatus(alice, order, "CONFIRMED");

    JsonNode steps = client.timeline(alice, order).body().get("steps");
    Map<String, String> byStep = new LinkedHashMap<>();
    steps.forEach(
        s ->
            byStep.put(
                s.get("step").asText(),
                s.hasNonNull("correlationId") ? s.get("correlationId").asText() : null));
    assertThat(byStep)
        .containsEntry("ORDER_PLACED", correlationId)
        .containsEntry("STOCK_RESERVED", correlationId);

    Awaitility.await("inventory's log line for order " + order)
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                inventoryLogLines(order).stream()
                    .anyMatch(
                        line -> correlationId.equals(line.path("correlationId").asText(null))));
    scenario.assertInvariantsHold();
  }

  @Test
  void aBodyOverTheLimitIsRefused() {
    byte[] huge = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    Map<String, String> headers = new LinkedHashMap<>(client.as(scenario.customer("alice")));
    SagaClient.Response r =
        SagaClient.send(
            HttpRequest.newBuilder(URI.create(api + "/orders"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)),
            headers);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void orderDetailsAggregateOrderReservationAndTimeline() {
    String widget = scenario.product("widget", 5);
    String alice = scenario.customer("alice");
    UUID order = scenario.place(alice, items(widget, 2));
    scenario.awaitStatus(alice, order, "CONFIRMED");

    Awaitility.await("details of " + order)
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              SagaClient.Response details =
                  get(api + "/orders/" + order + "/details", client.as(alice));
              assertThat(details.status()).isEqualTo(200);
              JsonNode body = details.body();
              assertThat(body.get("partial").asBoolean()).as(body.toString()).isFalse();
              assertThat(body.get("order").get("status").asText()).isEqualTo("CONFIRMED");
              assertThat(body.get("reservation").get("status").asText()).isEqualTo("CONFIRMED");
              assertThat(body.get("reservation").get("items").get(0).get("quantity").asInt())
                  .isEqualTo(2);
              List<String> steps = new ArrayList<>();
              body.get("timeline").get("steps").forEach(s -> steps.add(s.get("step").asText()));
              assertThat(steps).startsWith("ORDER_PLACED").contains("ORDER_CONFIRMED");
            });
    scenario.assertInvariantsHold();
  }

  // --- helpers ---------------------------------------------------------------------------

  private static List<JsonNode> inventoryLogLines(UUID order) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line :
        Files.readAllLines(platform.inventory.getFirst().log(), StandardCharsets.UTF_8)) {
      if (line.startsWith("{") && line.contains(order.toString())) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  private static SagaClient.Response get(String uri, Map<String, String> headers) {
    return SagaClient.send(HttpRequest.newBuilder(URI.create(uri)).GET(), headers);
  }

  private static SagaClient.Response post(String uri, String body, Map<String, String> headers) {
    return SagaClient.send(
        HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }

  private static SagaClient.Response put(String uri, String body, Map<String, String> headers) {
    return SagaClient.send(
        HttpRequest.newBuilder(URI.create(uri)).PUT(HttpRequest.BodyPublishers.ofString(body)),
        headers);
  }
}
