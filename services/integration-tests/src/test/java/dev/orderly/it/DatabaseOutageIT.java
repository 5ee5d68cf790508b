package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A database outage, seen by a client: PostgreSQL stopped under running services answers 503
 * problem+json with {@code Retry-After} and the request's correlation id, never a 500, and the same
 * request is served again once the database is back.
 */
class DatabaseOutageIT {

  @Test
  void anOutageIsA503ToRetryAndTheServiceRecoversWithTheDatabase() {
    try (Platform platform = Platform.start()) {
      SagaClient client = platform.client();
      Scenario scenario = new Scenario(client);
      String widget = scenario.product("widget", 5);
      String customer = scenario.customer("outage");
      UUID order = scenario.place(customer, items(widget, 1));
      scenario.awaitStatus(customer, order, "CONFIRMED");

      TestEnvironment.infra("postgres-stop");
      try {
        SagaClient.Response during = client.order(customer, order);
        assertThat(during.status())
            .as("while PostgreSQL is stopped: %s", during.body())
            .isEqualTo(503);
        assertThat(during.header("Retry-After")).isEqualTo("5");
        assertThat(during.header("Content-Type")).startsWith("application/problem+json");
        assertThat(during.body().path("type").asText()).endsWith("/service-unavailable");
        assertThat(during.body().path("correlationId").asText())
            .as("the body names the request whose log to read")
            .isNotEmpty()
            .isEqualTo(during.header("X-Correlation-ID"));
      } finally {
        TestEnvironment.infra("postgres-start");
      }

      Awaitility.await("the order served again")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> client.order(customer, order).status() == 200);
      assertThat(client.order(customer, order).body().path("status").asText())
          .isEqualTo("CONFIRMED");
    }
  }
}
