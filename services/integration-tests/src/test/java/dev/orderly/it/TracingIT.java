package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderly.it.OtelCollector.ReceivedSpan;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracing on, as the operator configures it (OTLP/HTTP to a real OpenTelemetry Collector): a client
 * that logs in and places an order under one trace of its own gets one trace with the spans of all
 * four services and of both broker hops, every parent link intact and the client's {@code
 * tracestate} kept to the end of the saga; a deadline's cancellation links back to it.
 */
class TracingIT {

  private static final String TRACESTATE = "orderly-test=client-1";
  // OTLP JSON writes the span kind as its protobuf number.
  private static final String SERVER = "2";
  private static final String CLIENT = "3";
  private static final String PRODUCER = "4";
  private static final String CONSUMER = "5";

  @TempDir static Path workDir;
  private static OtelCollector collector;
  private static Platform platform;
  private static ServiceProcess gateway;
  private static String api;
  private static SagaClient client;

  @BeforeAll
  static void start() throws IOException {
    collector = OtelCollector.start(workDir);
    Map<String, String> tracing =
        Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            collector.endpoint(),
            // Export within a moment, not the default five seconds.
            "OTEL_BSP_SCHEDULE_DELAY",
            "100");
    // A deadline short enough to wait for, long enough for every other order to be confirmed.
    platform =
        Platform.start(
            1,
            Map.of("ORDERS_SAGA_TIMEOUT", "5s", "ORDERS_DEADLINE_SCAN_INTERVAL", "200ms"),
            Map.of(),
            tracing);
    gateway = platform.gateway(tracing);
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
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void oneOrderIsOneTraceAcrossTheFourServicesAndTheBroker() {
    Scenario scenario = new Scenario(client);
    String product = scenario.product("traced", 5);
    String customer = scenario.customer("traced");
    client.tokens().customer(customer); // registered outside the trace

    // The client's own trace: its root span is not exported, its id is every first span's parent.
    HexFormat hex = HexFormat.of();
    String traceId = hex.formatHex(randomBytes(16));
    String clientSpan = hex.formatHex(randomBytes(8));
    Map<String, String> traced =
        Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01", "tracestate", TRACESTATE);

    String token = login(customer, traced);
    SagaClient.Response placed =
        SagaClient.send(
            HttpRequest.newBuilder(URI.create(api + "/orders"))
                .POST(SagaClient.body(Map.of("items", lines(items(product, 2))))),
            with(traced, Map.of("Authorization", "Bearer " + token)));
    assertThat(placed.status()).as("placing: %s", placed).isEqualTo(202);
    UUID order = UUID.fromString(placed.body().get("id").asText());
    scenario.awaitStatus(customer, order, "CONFIRMED");

    // The saga's last step: inventory applies order.confirmed (the reservation becomes final).
    List<ReceivedSpan> trace =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> spansOf(traceId),
                spans -> spans.stream().anyMatch(named("inventory", "apply order.confirmed")));

    assertThat(trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("gateway", "auth", "orders", "inventory");
    Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    assertThat(trace)
        .as("every span's parent is the client's span or another span of the trace")
        .allSatisfy(span -> assertThat(span.parentSpanId()).isIn(with(ids, clientSpan)));
    assertThat(trace)
        .as("the client's tracestate, through HTTP, the outbox and the broker")
        .allSatisfy(span -> assertThat(span.traceState()).isEqualTo(TRACESTATE));

    // The token request: gateway -> auth.
    ReceivedSpan tokenAtGateway = one(trace, server("gateway", "POST /api/auth/token"));
    assertThat(tokenAtGateway.parentSpanId()).isEqualTo(clientSpan);
    assertChain(trace, tokenAtGateway, kind("gateway", CLIENT), server("auth", "POST /auth/token"));

    // The order: gateway -> orders -> placement -> broker -> inventory -> broker -> orders -> ...
    ReceivedSpan orderAtGateway = one(trace, server("gateway", "POST /api/orders"));
    assertThat(orderAtGateway.parentSpanId()).isEqualTo(clientSpan);
    assertThat(orderAtGateway.attribute("http.route")).isEqualTo("/api/orders");
    assertChain(
        trace,
        orderAtGateway,
        kind("gateway", CLIENT),
        server("orders", "POST /orders"),
        named("orders", "place order"),
        producer("orders", "publish order.placed"),
        consumer("inventory", "process order.placed"),
        named("inventory", "apply order.placed"),
        producer("inventory", "publish stock.reserved"),
        consumer("orders", "process stock.reserved"),
        named("orders", "apply stock.reserved"),
        producer("orders", "publish order.confirmed"),
        consumer("inventory", "process order.confirmed"),
        named("inventory", "apply order.confirmed"));
    assertThat(one(trace, named("orders", "place order")).attribute("orderly.order.id"))
        .isEqualTo(order.toString());
    assertThat(
            one(trace, consumer("inventory", "process order.placed")).attribute("messaging.system"))
        .isEqualTo("rabbitmq");

    // The latency histograms the same requests fed.
    Metrics atGateway = Metrics.scrape(gateway);
    assertThat(
            atGateway.sum(
                "http_server_request_duration_seconds_count", "http_route", "/api/orders"))
        .isGreaterThanOrEqualTo(1);
    assertThat(atGateway.sum("http_client_request_duration_seconds_count", "upstream", "orders"))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            Metrics.scrape(platform.orders.getFirst())
                .sum("orderly_saga_duration_seconds_bucket", "outcome", "confirmed"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aDeadlinesCancellationIsATraceOfItsOwnLinkedToThePlacement() {
    Scenario scenario = new Scenario(client);
    String product = scenario.product("expiring", 5);
    String customer = scenario.customer("expiring");
    ServiceProcess inventory = platform.inventory.getFirst();
    inventory.stop();
    UUID order;
    try {
      order = scenario.place(customer, items(product, 1));
      scenario.awaitStatus(customer, order, "CANCELLED");
    } finally {
      inventory.restart();
    }

    String id = order.toString();
    ReceivedSpan expired =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> findOrder(named("orders", "expire order"), id), Optional::isPresent)
            .orElseThrow();
    ReceivedSpan placed = findOrder(named("orders", "place order"), id).orElseThrow();
    assertThat(expired.parentSpanId()).as("a root span").isEmpty();
    assertThat(expired.traceId()).isNotEqualTo(placed.traceId());
    assertThat(expired.links()).containsExactly(placed.traceId() + "-" + placed.spanId());
  }

  private static Optional<ReceivedSpan> findOrder(Predicate<ReceivedSpan> which, String orderId) {
    return collector.spans().stream()
        .filter(which)
        .filter(span -> orderId.equals(span.attribute("orderly.order.id")))
        .findFirst();
  }

  /** Each span in {@code chain} is the child of the one before it, starting from {@code top}. */
  @SafeVarargs
  private static void assertChain(
      List<ReceivedSpan> trace, ReceivedSpan top, Predicate<ReceivedSpan>... chain) {
    ReceivedSpan parent = top;
    for (Predicate<ReceivedSpan> next : chain) {
      String parentId = parent.spanId();
      List<ReceivedSpan> children =
          trace.stream().filter(next).filter(s -> s.parentSpanId().equals(parentId)).toList();
      assertThat(children).as("a child of %s among %s", parent, trace).hasSize(1);
      parent = children.getFirst();
    }
  }

  private static ReceivedSpan one(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which) {
    List<ReceivedSpan> found = trace.stream().filter(which).toList();
    assertThat(found).as("in %s", trace).hasSize(1);
    return found.getFirst();
  }

  private static Predicate<ReceivedSpan> named(String service, String name) {
    return s -> s.service().equals(service) && s.name().equals(name);
  }

  private static Predicate<ReceivedSpan> kind(String service, String kind) {
    return s -> s.service().equals(service) && s.kind().equals(kind);
  }

  private static Predicate<ReceivedSpan> server(String service, String name) {
    return named(service, name).and(kind(service, SERVER));
  }

  private static Predicate<ReceivedSpan> producer(String service, String name) {
    return named(service, name).and(kind(service, PRODUCER));
  }

  private static Predicate<ReceivedSpan> consumer(String service, String name) {
    return named(service, name).and(kind(service, CONSUMER));
  }

  private static List<ReceivedSpan> spansOf(String traceId) {
    return collector.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private String login(String customer, Map<String, String> traced) {
    String form =
        "grant_type=password&client_id=orderly&username="
            + URLEncoder.encode(customer, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(Tokens.password(customer), StandardCharsets.UTF_8);
    SagaClient.Response r =
        SagaClient.send(
            HttpRequest.newBuilder(URI.create(api + "/auth/token"))
                .POST(HttpRequest.BodyPublishers.ofString(form)),
            with(traced, Map.of("Content-Type", "application/x-www-form-urlencoded")));
    assertThat(r.status()).as("logging in: %s", r).isEqualTo(200);
    return r.body().get("access_token").asText();
  }

  private static List<Map<String, Object>> lines(Map<String, Integer> items) {
    return items.entrySet().stream()
        .map(e -> Map.<String, Object>of("productId", e.getKey(), "quantity", e.getValue()))
        .toList();
  }

  private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new java.util.HashMap<>(a);
    all.putAll(b);
    return all;
  }

  private static Set<String> with(Set<String> ids, String one) {
    Set<String> all = new java.util.HashSet<>(ids);
    all.add(one);
    return all;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
