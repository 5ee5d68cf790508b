package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.common.http.Json;
import dev.orderly.common.testing.TestTokens;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway's routing and filters against small fake upstreams started by the test. */
@ServerTest
@Timeout(60)
class GatewayRoutingTest {

  private static final TestTokens TOKENS = new TestTokens();
  private static FakeUpstream orders;
  private static FakeUpstream inventory;
  private static volatile FakeUpstream auth;
  private static int authPort;

  private final Http1Client client;

  GatewayRoutingTest(Http1Client client) {
    this.client = client;
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    orders =
        FakeUpstream.start(
            0,
            r ->
                r.get(
                        "/orders/slow",
                        (req, res) -> {
                          FakeUpstream.sleep(1500);
                          FakeUpstream.echo(req, res);
                        })
                    .get(
                        "/orders/{id}/timeline",
                        (req, res) ->
                            Json.send(
                                res,
                                Status.OK_200,
                                List.of(
                                    Map.of("step", "ORDER_PLACED"),
                                    Map.of("step", "STOCK_RESERVED"))))
                    .get(
                        "/orders/missing",
                        (req, res) ->
                            res.status(Status.NOT_FOUND_404)
                                .header(HeaderNames.CONTENT_TYPE, "application/problem+json")
                                .send("{\"status\":404}"))
                    .get(
                        "/orders/{id}",
                        (req, res) ->
                            Json.send(
                                res,
                                Status.OK_200,
                                Map.of(
                                    "id",
                                    req.path().pathParameters().get("id"),
                                    "status",
                                    "CONFIRMED"))));
    inventory =
        FakeUpstream.start(
            0,
            r ->
                r.get(
                        "/reservations/broken",
                        (req, res) -> res.status(Status.INTERNAL_SERVER_ERROR_500).send())
                    .get(
                        "/reservations/slow",
                        (req, res) -> {
                          FakeUpstream.sleep(1500);
                          res.send("{}");
                        })
                    .get(
                        "/reservations/{id}",
                        (req, res) ->
                            Json.send(
                                res,
                                Status.OK_200,
                                Map.of(
                                    "orderId",
                                    req.path().pathParameters().get("id"),
                                    "status",
                                    "RESERVED"))));
    auth = FakeUpstream.start(0, r -> {});
    authPort = auth.port();

    GatewaySettings settings =
        new GatewaySettings(
            Map.of(
                "auth",
                URI.create(auth.uri()),
                "orders",
                URI.create(orders.uri()),
                "inventory",
                URI.create(inventory.uri())),
            20,
            40,
            List.of("https://shop.example"),
            1024 * 1024,
            Duration.ofMillis(700),
            new GatewaySettings.Circuit(Duration.ofSeconds(1), 10, 50),
            64,
            64,
            2,
            Duration.ofSeconds(1),
            TrustedProxies.NONE);
    Gateway.routing(routing, Gateway.Components.create(settings, TOKENS.validator()));
  }

  @AfterAll
  static void stopUpstreams() {
    orders.close();
    inventory.close();
    auth.close();
  }

  @Test
  void forwardsToTheUpstreamWithPathQueryTokenAndCorrelation() {
    String subject = "forward-" + UUID.randomUUID();
    String token = TOKENS.valid(subject);
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (Http1ClientResponse res =
        client
            .get("/api/orders/a1/items")
            .queryParam("status", "PENDING")
            .queryParam("cursor", "a/b")
            .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
            .header(HeaderNames.create("X-Correlation-ID"), "corr-test-1")
            .header(HeaderNames.create("traceparent"), traceparent)
            .header(HeaderNames.create("tracestate"), "vendor=opaque,other=1")
            .request()) {
      assertThat(res.status().code()).isEqualTo(200);
      JsonNode echo = json(res);
      assertThat(echo.get("path").asText()).isEqualTo("/orders/a1/items");
      assertThat(echo.get("query").asText().split("&"))
          .containsExactlyInAnyOrder("status=PENDING", "cursor=a%2Fb");
      assertThat(echo.get("authorization").asText()).isEqualTo("Bearer " + token);
      assertThat(echo.get("correlationId").asText()).isEqualTo("corr-test-1");
      // Tracing is off here: the caller's trace context passes through (TracingIT has it on).
      assertThat(echo.get("traceparent").asText()).isEqualTo(traceparent);
      assertThat(echo.get("tracestate").asText()).isEqualTo("vendor=opaque,other=1");
      assertThat(echo.get("forwardedFor").asText()).isEqualTo("127.0.0.1");
      assertThat(res.headers().first(HeaderNames.create("X-Correlation-ID")))
          .contains("corr-test-1");
      assertThat(res.headers().first(HeaderNames.create("RateLimit-Limit"))).contains("40");
      assertThat(res.headers().first(HeaderNames.create("RateLimit-Remaining"))).contains("39");
      assertThat(res.headers().first(HeaderNames.create("RateLimit-Reset"))).isPresent();
      assertThat(res.headers().first(HeaderNames.CACHE_CONTROL)).contains("no-store");
      assertThat(res.headers().first(HeaderNames.create("X-Content-Type-Options")))
          .contains("nosniff");
    }
  }

  @Test
  void keepsAnEncodedQuestionMarkInThePath() {
    // "%3F" belongs to the path segment: a proxy that decoded it would invent a query.
    try (Http1ClientResponse res =
        client
            .get("/api/inventory/products%3Fx=1")
            .skipUriEncoding(true)
            .header(
                HeaderNames.AUTHORIZATION, "Bearer " + TOKENS.valid("path-" + UUID.randomUUID()))
            .request()) {
      assertThat(res.status().code()).isEqualTo(200);
      JsonNode echo = json(res);
      assertThat(echo.get("path").asText()).isEqualTo("/products%3Fx=1");
      assertThat(echo.get("query").asText()).isEmpty();
    }
  }

  @Test
  void generatesACorrelationIdWhenAbsent() {
    try (Http1ClientResponse res = client.get("/api/inventory/products").request()) {
      assertThat(res.status().code()).isEqualTo(200);
      String id = res.headers().first(HeaderNames.create("X-Correlation-ID")).orElseThrow();
      JsonNode echo = json(res);
      assertThat(echo.get("correlationId").asText()).isEqualTo(id);
      assertThat(echo.get("path").asText()).isEqualTo("/products");
    }
  }

  @Test
  void publicRoutesNeedNoTokenOthersDo() {
    try (Http1ClientResponse res = client.post("/api/auth/token").submit("{}")) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(json(res).get("path").asText()).isEqualTo("/auth/token");
    }
    try (Http1ClientResponse res = client.get("/api/orders/1").request()) {
      assertUnauthenticated(res);
      assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE))
          .contains("Bearer realm=\"orderly\"");
    }
    try (Http1ClientResponse res = client.post("/api/inventory/products").submit("{}")) {
      assertUnauthenticated(res);
    }
  }

  @Test
  void refusesForgedExpiredWrongAudienceAndUnsignedTokens() {
    String subject = "attacker-" + UUID.randomUUID();
    for (String token :
        List.of(
            TOKENS.forged(subject),
            TOKENS.with(subject, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))),
            TOKENS.with(subject, c -> c.audience("another-api")),
            TOKENS.algNone(subject))) {
      try (Http1ClientResponse res =
          client
              .get("/api/orders/1")
              .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
              .request()) {
        assertUnauthenticated(res);
        assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE).orElseThrow())
            .contains("error=\"invalid_token\"");
      }
    }
  }

  @Test
  void forwardedHeadersOfAPeerThatIsNoTrustedProxyAreTheClientsOwnClaim() {
    long first;
    try (Http1ClientResponse res =
        client
            .get("/api/orders/x")
            .header(HeaderNames.X_FORWARDED_FOR, "203.0.113.1")
            .header(HeaderNames.create("X-Forwarded-Proto"), "https")
            .request()) {
      first =
          Long.parseLong(
              res.headers().first(HeaderNames.create("RateLimit-Remaining")).orElseThrow());
      assertThat(res.headers().first(HeaderNames.STRICT_TRANSPORT_SECURITY))
          .as("no TLS was seen")
          .isEmpty();
    }
    try (Http1ClientResponse res =
        client.get("/api/orders/x").header(HeaderNames.X_FORWARDED_FOR, "203.0.113.2").request()) {
      assertThat(
              Long.parseLong(
                  res.headers().first(HeaderNames.create("RateLimit-Remaining")).orElseThrow()))
          .as("one bucket for the peer, whatever it claims to forward")
          .isLessThan(first);
    }
  }

  @Test
  void rateLimitsPerClientWith429AndHeaders() {
    String token = TOKENS.valid("greedy-" + UUID.randomUUID());
    Http1ClientResponse limited = null;
    for (int i = 0; i < 80 && limited == null; i++) {
      Http1ClientResponse res =
          client
              .get("/api/orders/r" + i)
              .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
              .request();
      if (res.status().code() == 429) {
        limited = res;
      } else {
        assertThat(res.status().code()).isEqualTo(200);
        res.close();
      }
    }
    assertThat(limited).as("a burst of 80 requests must hit the limit of 40").isNotNull();
    try (Http1ClientResponse res = limited) {
      assertThat(res.headers().contentType().orElseThrow().text())
          .startsWith("application/problem+json");
      assertThat(Long.parseLong(res.headers().first(HeaderNames.RETRY_AFTER).orElseThrow()))
          .isPositive();
      assertThat(res.headers().first(HeaderNames.create("RateLimit-Limit"))).contains("40");
      assertThat(res.headers().first(HeaderNames.create("RateLimit-Remaining"))).contains("0");
      assertThat(res.headers().first(HeaderNames.create("RateLimit-Reset"))).isPresent();
    }
    // another client is not affected
    try (Http1ClientResponse res =
        client
            .get("/api/orders/x")
            .header(
                HeaderNames.AUTHORIZATION, "Bearer " + TOKENS.valid("modest-" + UUID.randomUUID()))
            .request()) {
      assertThat(res.status().code()).isEqualTo(200);
    }
  }

  @Test
  void upstreamDownOpensTheCircuitThenRecovers() {
    String token = "Bearer " + TOKENS.valid("circuit-" + UUID.randomUUID());
    auth.close();
    boolean opened = false;
    for (int i = 0; i < 20 && !opened; i++) {
      try (Http1ClientResponse res =
          client.get("/api/auth/ping").header(HeaderNames.AUTHORIZATION, token).request()) {
        assertThat(res.status().code()).isIn(502, 503);
        assertThat(res.headers().contentType().orElseThrow().text())
            .startsWith("application/problem+json");
        if (res.status().code() == 503) {
          opened = true;
          assertThat(res.headers().first(HeaderNames.RETRY_AFTER)).contains("1");
          assertThat(json(res).get("type").asText()).endsWith("/upstream-unavailable");
        }
      }
    }
    assertThat(opened).as("circuit opens after repeated failures").isTrue();

    auth = FakeUpstream.start(authPort, r -> {});
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline && status != 200) {
      FakeUpstream.sleep(250);
      try (Http1ClientResponse res =
          client.get("/api/auth/ping").header(HeaderNames.AUTHORIZATION, token).request()) {
        status = res.status().code();
      }
    }
    assertThat(status).as("circuit closes again once the upstream is back").isEqualTo(200);
  }

  @Test
  void answersAreCountedByStatusClass() {
    double ok = responses("2xx");
    double clientErrors = responses("4xx");
    double serverErrors = responses("5xx");
    String token = "Bearer " + TOKENS.valid("counted-" + UUID.randomUUID());
    try (Http1ClientResponse res =
        client.get("/api/orders/7").header(HeaderNames.AUTHORIZATION, token).request()) {
      assertThat(res.status().code()).isEqualTo(200);
    }
    try (Http1ClientResponse res = client.get("/api/orders/7").request()) {
      assertThat(res.status().code()).as("no token").isEqualTo(401);
    }
    try (Http1ClientResponse res =
        client.get("/api/orders/slow").header(HeaderNames.AUTHORIZATION, token).request()) {
      assertThat(res.status().code()).isEqualTo(504);
    }
    try (Http1ClientResponse res = client.get("/observe/health").request()) {
      assertThat(res.status().code()).as("not an /api route").isNotZero();
    }
    assertThat(responses("2xx")).isGreaterThanOrEqualTo(ok + 1);
    assertThat(responses("4xx"))
        .as("the filter's own refusal counts")
        .isGreaterThanOrEqualTo(clientErrors + 1);
    assertThat(responses("5xx")).isGreaterThanOrEqualTo(serverErrors + 1);
  }

  private static double responses(String statusClass) {
    return Metrics.globalRegistry()
        .getOrCreate(
            Counter.builder("orderly_gateway_responses_total")
                .tags(Metrics.tags("code", statusClass)))
        .count();
  }

  @Test
  void slowUpstreamGives504() {
    long start = System.nanoTime();
    try (Http1ClientResponse res =
        client
            .get("/api/orders/slow")
            .header(
                HeaderNames.AUTHORIZATION, "Bearer " + TOKENS.valid("patient-" + UUID.randomUUID()))
            .request()) {
      assertThat(res.status().code()).isEqualTo(504);
      assertThat(json(res).get("type").asText()).endsWith("/upstream-timeout");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("answered at the 700 ms timeout")
        .isLessThan(Duration.ofMillis(1300));
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    byte[] twoMiB = new byte[2 * 1024 * 1024];
    try (Http1ClientResponse res =
        client
            .post("/api/orders")
            .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKENS.valid("big-" + UUID.randomUUID()))
            .header(HeaderNames.CONTENT_TYPE, "application/json")
            .submit(twoMiB)) {
      assertThat(res.status().code()).isEqualTo(413);
      assertThat(res.headers().contentType().orElseThrow().text())
          .startsWith("application/problem+json");
    }
    try (Http1ClientResponse res =
        client
            .post("/api/orders")
            .header(
                HeaderNames.AUTHORIZATION, "Bearer " + TOKENS.valid("small-" + UUID.randomUUID()))
            .submit(new byte[1024])) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(json(res).get("bodyLength").asInt()).isEqualTo(1024);
    }
  }

  @Test
  void corsPreflightForAllowedOriginsOnly() {
    try (Http1ClientResponse res =
        client
            .method(Method.OPTIONS)
            .path("/api/orders")
            .header(HeaderNames.ORIGIN, "https://shop.example")
            .header(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .request()) {
      assertThat(res.status().code()).isEqualTo(204);
      assertThat(res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN))
          .contains("https://shop.example");
      assertThat(res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS).orElseThrow())
          .contains("Authorization");
    }
    try (Http1ClientResponse res =
        client
            .method(Method.OPTIONS)
            .path("/api/orders")
            .header(HeaderNames.ORIGIN, "https://evil.example")
            .header(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .request()) {
      assertThat(res.status().code()).isEqualTo(403);
      assertThat(res.headers().first(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEmpty();
    }
  }

  @Test
  void detailsAggregatesInParallelAndFlagsMissingParts() {
    String token = "Bearer " + TOKENS.valid("details-" + UUID.randomUUID());
    try (Http1ClientResponse res =
        client.get("/api/orders/o1/details").header(HeaderNames.AUTHORIZATION, token).request()) {
      assertThat(res.status().code()).isEqualTo(200);
      JsonNode body = json(res);
      assertThat(body.get("order").get("id").asText()).isEqualTo("o1");
      assertThat(body.get("reservation").get("status").asText()).isEqualTo("RESERVED");
      assertThat(body.get("timeline")).hasSize(2);
      assertThat(body.get("partial").asBoolean()).isFalse();
    }
    try (Http1ClientResponse res =
        client
            .get("/api/orders/broken/details")
            .header(HeaderNames.AUTHORIZATION, token)
            .request()) {
      JsonNode body = json(res);
      assertThat(body.get("partial").asBoolean()).isTrue();
      assertThat(body.get("missing").toString()).isEqualTo("[\"reservation\"]");
      assertThat(body.get("order").get("id").asText()).isEqualTo("broken");
    }
    long start = System.nanoTime();
    try (Http1ClientResponse res =
        client.get("/api/orders/slow/details").header(HeaderNames.AUTHORIZATION, token).request()) {
      // the order itself is slow (1.5 s > 1 s deadline): no answer to aggregate
      assertThat(res.status().code()).isEqualTo(504);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
    try (Http1ClientResponse res =
        client
            .get("/api/orders/missing/details")
            .header(HeaderNames.AUTHORIZATION, token)
            .request()) {
      assertThat(res.status().code()).isEqualTo(404);
    }
  }

  @Test
  void servesTheOpenApiDocumentAndAnswersUnknownRoutesWithProblems() {
    try (Http1ClientResponse res = client.get("/openapi").request()) {
      assertThat(res.status().code()).isEqualTo(200);
      assertThat(res.as(String.class)).contains("/api/orders/{id}/details");
    }
    try (Http1ClientResponse res =
        client
            .get("/api/nothing-here")
            .header(
                HeaderNames.AUTHORIZATION, "Bearer " + TOKENS.valid("lost-" + UUID.randomUUID()))
            .request()) {
      assertThat(res.status().code()).isEqualTo(404);
      assertThat(res.headers().contentType().orElseThrow().text())
          .startsWith("application/problem+json");
    }
  }

  private static void assertUnauthenticated(Http1ClientResponse res) {
    assertThat(res.status().code()).isEqualTo(401);
    assertThat(res.headers().contentType().orElseThrow().text())
        .startsWith("application/problem+json");
  }

  private static JsonNode json(Http1ClientResponse res) {
    try {
      return Json.mapper().readTree(res.as(String.class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
