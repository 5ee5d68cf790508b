package dev.orderly.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orderly.operator.autoscaling.QueueReader.BrokerAccess;
import dev.orderly.operator.autoscaling.QueueReader.QueueReadException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader against the real RabbitMQ of {@code hack/infra.sh} (management API on
 * 127.0.0.1:15672): required by {@code hack/test.sh}, skipped when a bare {@code ./mvnw verify}
 * runs without it.
 */
class ManagementApiQueueReaderTest {

  private static final String URL =
      System.getenv().getOrDefault("ORDERLY_RABBITMQ_MANAGEMENT_URL", "http://127.0.0.1:15672");
  private static final BrokerAccess BROKER =
      new BrokerAccess(
          URL,
          "/",
          System.getenv().getOrDefault("ORDERLY_RABBITMQ_USER", "orderly"),
          System.getenv().getOrDefault("ORDERLY_RABBITMQ_PASSWORD", "orderly"));

  private final HttpClient http = HttpClient.newHttpClient();
  private final String queue = "operator-test." + UUID.randomUUID();

  @BeforeEach
  void declareQueue() throws Exception {
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(URL)).build(), HttpResponse.BodyHandlers.discarding());
    } catch (ConnectException e) {
      Assumptions.assumeFalse(
          "apiserver".equals(System.getenv("ORDERLY_TEST_CLUSTER")),
          "hack/test.sh starts RabbitMQ; it is not running");
      Assumptions.abort("no RabbitMQ management API at " + URL + " (hack/infra.sh up starts one)");
    }
    send("PUT", "/api/queues/%2F/" + queue, "{\"durable\": false, \"auto_delete\": false}");
  }

  @AfterEach
  void deleteQueue() throws Exception {
    send("DELETE", "/api/queues/%2F/" + queue, null);
  }

  @Test
  void readsTheMessagesWaitingInAQueue() throws Exception {
    for (int i = 0; i < 7; i++) {
      send(
          "POST",
          "/api/exchanges/%2F/amq.default/publish",
          "{\"properties\": {}, \"routing_key\": \""
              + queue
              + "\", \"payload\": \"m"
              + i
              + "\", \"payload_encoding\": \"string\"}");
    }
    var reader = new ManagementApiQueueReader();

    // The management API's queue figures trail the queue by up to its statistics interval (5 s).
    QueueSample sample =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> reader.read(BROKER, queue), s -> s.backlog() == 7);

    assertThat(sample.ready()).isEqualTo(7);
    assertThat(sample.unacknowledged()).isZero();
    assertThat(sample.consumers()).isZero();
  }

  @Test
  void namesAMissingQueue() {
    assertThatThrownBy(() -> new ManagementApiQueueReader().read(BROKER, queue + "-missing"))
        .isInstanceOf(QueueReadException.class)
        .hasMessageContaining("answered 404 (no such queue yet)");
  }

  @Test
  void namesWrongCredentials() {
    var wrong = new BrokerAccess(BROKER.baseUrl(), "/", BROKER.user(), "not-the-password");
    assertThatThrownBy(() -> new ManagementApiQueueReader().read(wrong, queue))
        .isInstanceOf(QueueReadException.class)
        .hasMessageContaining("answered 401");
  }

  @Test
  void namesAnUnreachableBroker() {
    var nowhere = new BrokerAccess("http://127.0.0.1:9", "/", "admin", "x");
    assertThatThrownBy(() -> new ManagementApiQueueReader().read(nowhere, queue))
        .isInstanceOf(QueueReadException.class)
        .hasMessageStartingWith("cannot reach http://127.0.0.1:9: ");
  }

  private void send(String method, String path, String body) throws Exception {
    String credentials = BROKER.user() + ":" + BROKER.password();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(URL + path))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 299);
  }
}
