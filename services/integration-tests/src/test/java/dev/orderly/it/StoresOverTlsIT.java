package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.common.messaging.BrokerConnection;
import dev.orderly.common.messaging.BrokerTls;
import dev.orderly.common.messaging.RabbitMqSettings;
import dev.orderly.common.testing.LocalInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLHandshakeException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The services talking TLS to PostgreSQL and RabbitMQ (hack/infra.sh: both with a certificate for
 * 127.0.0.1 from a CA of its own), with the connection settings the operator gives them for
 * external stores: the saga runs with every connection on TLS, and a server whose certificate the
 * given CAs do not vouch for, or that does not name the host, is refused.
 */
class StoresOverTlsIT {

  private static final Map<String, String> BROKER_TLS =
      Map.of(
          "RABBITMQ_PORT",
          String.valueOf(LocalInfrastructure.AMQPS_PORT),
          "RABBITMQ_TLS_ENABLED",
          "true",
          "RABBITMQ_TLS_CA",
          LocalInfrastructure.TEST_CA);

  /**
   * As PostgresModel writes it for an external database with sslMode verify-full and a caSecretRef.
   */
  private static final String VERIFY_FULL =
      "?sslmode=verify-full&sslrootcert=" + LocalInfrastructure.TEST_CA;

  @Test
  void theSagaRunsWithEveryConnectionOnTls() throws Exception {
    try (Platform platform = Platform.start(1, tls("orders"), tls("inventory"))) {
      Scenario scenario = new Scenario(platform.client());
      String widget = scenario.product("widget", 3);
      String customer = scenario.customer("encrypted");
      UUID confirmed = scenario.place(customer, items(widget, 2));
      scenario.awaitStatus(customer, confirmed, "CONFIRMED");
      UUID outOfStock = scenario.place(customer, items(widget, 2));
      scenario.awaitStatus(customer, outOfStock, "CANCELLED");
      scenario.assertInvariantsHold();

      // The broker's own account: the services' connections came in on its TLS listener
      // (the management API lists connections with its next statistics round, every 5 s).
      Awaitility.await("connections on the AMQPS listener")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode connections = managementApi("/api/connections?columns=name,ssl,port");
                long onTls =
                    StreamSupport.stream(connections.spliterator(), false)
                        .filter(
                            c ->
                                c.path("ssl").asBoolean()
                                    && c.path("port").asInt() == LocalInfrastructure.AMQPS_PORT)
                        .count();
                assertThat(onTls)
                    .as("connections on the AMQPS listener: %s", connections)
                    .isGreaterThanOrEqualTo(2);
              });
      // And the database's: every session of the two services is encrypted.
      for (String service : new String[] {"orders", "inventory"}) {
        try (Connection db =
                DriverManager.getConnection(
                    TestEnvironment.PG_URL + service + VERIFY_FULL, service, service);
            ResultSet sessions =
                db.createStatement()
                    .executeQuery(
                        """
                             SELECT count(*) FILTER (WHERE s.ssl), count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                             WHERE a.usename = current_user AND a.pid <> pg_backend_pid()""")) {
          sessions.next();
          assertThat(sessions.getLong(2)).as(service + " sessions").isPositive();
          assertThat(sessions.getLong(1))
              .as(service + " sessions on TLS")
              .isEqualTo(sessions.getLong(2));
        }
      }
    }
  }

  @Test
  void aDatabaseTheCasDoNotVouchForOrThatIsNotTheNamedHostIsRefused() {
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:postgresql://localhost:5432/orders" + VERIFY_FULL, "orders", "orders"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("hostname localhost could not be verified");
    // verify-full without a CA file checks against the JVM's CAs, as the operator sets it up.
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    TestEnvironment.PG_URL
                        + "orders?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory",
                    "orders",
                    "orders"))
        .isInstanceOf(SQLException.class)
        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
  }

  private static Map<String, String> tls(String service) {
    Map<String, String> env = new HashMap<>(BROKER_TLS);
    env.put("DB_URL", TestEnvironment.PG_URL + service + VERIFY_FULL);
    return env;
  }

  @Test
  void aBrokerTheCasDoNotVouchForIsRefused() {
    assertThatThrownBy(
            () ->
                BrokerConnection.open(
                    settings("127.0.0.1", new BrokerTls(true, null)),
                    "it-untrusted",
                    Duration.ofSeconds(1)))
        .as("the JVM's CAs do not know the test CA")
        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
  }

  @Test
  void aBrokerWhoseCertificateNamesAnotherHostIsRefused() {
    // localhost is 127.0.0.1, but the certificate names only the address.
    assertThatThrownBy(
            () ->
                BrokerConnection.open(
                    settings("localhost", new BrokerTls(true, LocalInfrastructure.TEST_CA)),
                    "it-wrong-host",
                    Duration.ofSeconds(1)))
        .satisfies(
            e ->
                assertThat(causeOfType(e, SSLHandshakeException.class))
                    .as("a TLS refusal")
                    .isNotNull())
        .rootCause()
        .hasMessage("No name matching localhost found");
    try (BrokerConnection ok =
        BrokerConnection.open(
            settings("127.0.0.1", new BrokerTls(true, LocalInfrastructure.TEST_CA)),
            "it-right-host",
            Duration.ofSeconds(5))) {
      assertThat(ok.isOpen()).isTrue();
    }
  }

  private static RabbitMqSettings settings(String host, BrokerTls tls) {
    RabbitMqSettings plain = LocalInfrastructure.BROKER;
    return new RabbitMqSettings(
        host,
        LocalInfrastructure.AMQPS_PORT,
        plain.user(),
        plain.password(),
        plain.virtualHost(),
        plain.prefetch(),
        plain.deliveryLimit(),
        tls);
  }

  private static Throwable causeOfType(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static JsonNode managementApi(String path) throws Exception {
    String credentials =
        LocalInfrastructure.BROKER.user() + ":" + LocalInfrastructure.BROKER.password();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:15672" + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .build();
    return new ObjectMapper()
        .readTree(
            HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
  }
}
