package dev.orderly.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.testing.TestTokens;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind an Ingress whose controller is a trusted proxy (here the test's own loopback peer): each
 * client forwarded by it gets its own rate-limit bucket, and HSTS follows the controller's TLS.
 */
@ServerTest
class ForwardedHeadersTest {

  private final Http1Client client;

  ForwardedHeadersTest(Http1Client client) {
    this.client = client;
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    URI nowhere = URI.create("http://127.0.0.1:9");
    GatewaySettings settings =
        new GatewaySettings(
            Map.of("auth", nowhere, "orders", nowhere, "inventory", nowhere),
            1,
            5,
            List.of(),
            1024,
            Duration.ofMillis(500),
            new GatewaySettings.Circuit(Duration.ofSeconds(1), 10, 50),
            8,
            8,
            0,
            Duration.ofSeconds(1),
            TrustedProxies.parse("127.0.0.0/8,::1/128"));
    Gateway.routing(routing, Gateway.Components.create(settings, new TestTokens().validator()));
  }

  @Test
  void eachForwardedClientHasABucketOfItsOwn() {
    assertThat(remaining("203.0.113.7")).isEqualTo(4);
    assertThat(remaining("203.0.113.7")).isEqualTo(3);
    assertThat(remaining("198.51.100.9"))
        .as("another client behind the same controller")
        .isEqualTo(4);
    // The controller appends the address it saw: a client's own claim in front of it changes
    // nothing.
    assertThat(remaining("10.9.9.9, 198.51.100.9")).isEqualTo(3);
  }

  @Test
  void sendsHstsWhenTheControllerTerminatedTls() {
    try (Http1ClientResponse res =
        client
            .get("/api/orders/x")
            .header(HeaderNames.create("X-Forwarded-Proto"), "https")
            .header(HeaderNames.X_FORWARDED_FOR, "192.0.2.50")
            .request()) {
      assertThat(res.headers().first(HeaderNames.STRICT_TRANSPORT_SECURITY)).isPresent();
    }
    try (Http1ClientResponse res =
        client.get("/api/orders/x").header(HeaderNames.X_FORWARDED_FOR, "192.0.2.51").request()) {
      assertThat(res.headers().first(HeaderNames.STRICT_TRANSPORT_SECURITY)).isEmpty();
    }
  }

  private long remaining(String forwardedFor) {
    try (Http1ClientResponse res =
        client.get("/api/orders/x").header(HeaderNames.X_FORWARDED_FOR, forwardedFor).request()) {
      return Long.parseLong(
          res.headers().first(HeaderNames.create("RateLimit-Remaining")).orElseThrow());
    }
  }
}
