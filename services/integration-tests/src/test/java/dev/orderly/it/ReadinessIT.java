package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What readiness means for a saga service (docs/architecture.md): its database answers, on a
 * connection of the probe's own; the broker is reported, not required. Checked the way the kubelet
 * probes: an answer within its 3 s timeout.
 */
class ReadinessIT {

  /** The kubelet's readiness probe timeout in the Deployments the operator writes. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Platform platform;
  private Scenario scenario;

  @BeforeEach
  void start() {
    // A small request pool, so that a handful of stuck requests holds all of it.
    platform = Platform.start(1, Map.of("DB_POOL_SIZE", "2"));
    scenario = new Scenario(platform.client());
  }

  @AfterEach
  void stop() {
    TestEnvironment.infra("rabbitmq-start");
    platform.close();
  }

  @Test
  void staysReadyWhileEveryRequestConnectionWaitsOnALock() throws Exception {
    String widget = scenario.product("widget", 100);
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      customers.add(scenario.customer("c" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<UUID>> placing = new ArrayList<>();
    try (Connection lock =
        DriverManager.getConnection(TestEnvironment.PG_URL + "orders", "orders", "orders")) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      for (String customer : customers) {
        placing.add(pool.submit(() -> scenario.place(customer, items(widget, 1))));
      }
      Awaitility.await("both request connections of orders waiting on the lock")
          .atMost(Duration.ofSeconds(30))
          .until(() -> waitingOnLocks(lock, "orders-db") == 2);

      HttpResponse<String> ready = probe(platform.orders.getFirst());

      assertThat(ready.statusCode())
          .as("readiness while the request pool is exhausted: " + ready.body())
          .isEqualTo(200);
      lock.rollback();
    } finally {
      pool.shutdown();
    }
    for (Future<UUID> order : placing) {
      assertThat(order.get()).as("a placement held by the lock, accepted once it went").isNotNull();
    }
    scenario.assertInvariantsHold();
  }

  @Test
  void staysReadyAndAcceptsOrdersWithTheBrokerStopped() throws Exception {
    String widget = scenario.product("widget", 10);
    String alice = scenario.customer("alice");
    ServiceProcess orders = platform.orders.getFirst();

    TestEnvironment.infra("rabbitmq-stop");
    Awaitility.await("orders reports the broker away")
        .atMost(Duration.ofSeconds(30))
        .until(() -> brokerAvailable(probe(orders)), available -> !available);
    HttpResponse<String> ready = probe(orders);
    assertThat(ready.statusCode())
        .as("readiness with the broker stopped: " + ready.body())
        .isEqualTo(200);
    UUID order = scenario.place(alice, items(widget, 1));

    TestEnvironment.infra("rabbitmq-start");
    scenario.awaitStatus(alice, order, "CONFIRMED");
    scenario.assertInvariantsHold();
  }

  private static int waitingOnLocks(Connection connection, String pool) throws Exception {
    try (var statement =
        connection.prepareStatement(
            "select count(*) from pg_stat_activity where application_name = ? and wait_event_type = 'Lock'")) {
      statement.setString(1, pool);
      try (var result = statement.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  private static HttpResponse<String> probe(ServiceProcess service) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(service.uri() + "/observe/health/ready"))
            .timeout(PROBE_TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean brokerAvailable(HttpResponse<String> health) throws Exception {
    for (JsonNode check : JSON.readTree(health.body()).path("checks")) {
      if (check.path("name").asText().equals("broker")) {
        return check.path("data").path("available").asBoolean();
      }
    }
    throw new AssertionError("no broker check in " + health.body());
  }
}
