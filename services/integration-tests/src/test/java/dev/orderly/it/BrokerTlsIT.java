package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.common.messaging.BrokerConnection;
import dev.orderly.common.messaging.BrokerTls;
import dev.orderly.common.messaging.RabbitMqSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * AMQPS against the broker's TLS listener (hack/infra.sh: a certificate for 127.0.0.1 from a CA of
 * its own): the saga runs with orders and inventory on TLS, and a broker whose certificate the
 * given CAs do not vouch for, or that does not name the host, is refused.
 */
class BrokerTlsIT {

    private static final Map<String, String> TLS = Map.of(
            "RABBITMQ_PORT", String.valueOf(LocalInfrastructure.AMQPS_PORT),
            "RABBITMQ_TLS_ENABLED", "true",
            "RABBITMQ_TLS_CA", LocalInfrastructure.BROKER_CA);

    @Test
    void theSagaRunsWithEveryServiceOnTls() throws Exception {
        try (Platform platform = Platform.start(1, TLS, TLS)) {
            Scenario scenario = new Scenario(platform.client());
            String widget = scenario.product("widget", 3);
            String customer = scenario.customer("encrypted");
            UUID confirmed = scenario.place(customer, items(widget, 2));
            scenario.awaitStatus(customer, confirmed, "CONFIRMED");
            UUID outOfStock = scenario.place(customer, items(widget, 2));
            scenario.awaitStatus(customer, outOfStock, "CANCELLED");
            scenario.assertInvariantsHold();

            // The broker's own account: the services' connections came in on its TLS listener.
            JsonNode connections = managementApi("/api/connections?columns=name,ssl,port,client_properties");
            long onTls = StreamSupport.stream(connections.spliterator(), false)
                    .filter(c -> c.path("ssl").asBoolean() && c.path("port").asInt() == LocalInfrastructure.AMQPS_PORT)
                    .count();
            assertThat(onTls).as("connections on the AMQPS listener: %s", connections).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aBrokerTheCasDoNotVouchForIsRefused() {
        assertThatThrownBy(() -> BrokerConnection.open(settings("127.0.0.1", new BrokerTls(true, null)), "it-untrusted",
                Duration.ofSeconds(1)))
                .as("the JVM's CAs do not know the test CA")
                .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
    }

    @Test
    void aBrokerWhoseCertificateNamesAnotherHostIsRefused() {
        // localhost is 127.0.0.1, but the certificate names only the address.
        assertThatThrownBy(() -> BrokerConnection.open(settings("localhost", new BrokerTls(true, LocalInfrastructure.BROKER_CA)),
                "it-wrong-host", Duration.ofSeconds(1)))
                .satisfies(e -> assertThat(causeOfType(e, SSLHandshakeException.class)).as("a TLS refusal").isNotNull())
                .rootCause().hasMessage("No name matching localhost found");
        try (BrokerConnection ok = BrokerConnection.open(settings("127.0.0.1", new BrokerTls(true, LocalInfrastructure.BROKER_CA)),
                "it-right-host", Duration.ofSeconds(5))) {
            assertThat(ok.isOpen()).isTrue();
        }
    }

    private static RabbitMqSettings settings(String host, BrokerTls tls) {
        RabbitMqSettings plain = LocalInfrastructure.BROKER;
        return new RabbitMqSettings(host, LocalInfrastructure.AMQPS_PORT, plain.user(), plain.password(),
                plain.virtualHost(), plain.prefetch(), plain.deliveryLimit(), tls);
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
        String credentials = LocalInfrastructure.BROKER.user() + ":" + LocalInfrastructure.BROKER.password();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:15672" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .build();
        return new ObjectMapper().readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
