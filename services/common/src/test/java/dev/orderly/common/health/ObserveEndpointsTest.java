package dev.orderly.common.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.common.config.Settings;
import dev.orderly.common.http.OpenApiDocument;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.health.HealthObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, metrics and the OpenAPI document: on the client port, or on a port of their own. */
class ObserveEndpointsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final OpenApiDocument OPENAPI = OpenApiDocument.load("openapi/widgets.yaml");

  @Test
  void onAPortOfTheirOwnTheClientPortServesNoneOfThem() throws Exception {
    WebServer server = start(Map.of("server.observe.port", "0"));
    try {
      int client = server.port();
      int observe = server.port(ObserveEndpoints.SOCKET);

      assertThat(observe).isPositive().isNotEqualTo(client);
      for (String path : new String[] {"/observe/health/ready", "/observe/metrics", "/openapi"}) {
        assertThat(status(observe, path)).as(path + " on the observe port").isBetween(200, 204);
        assertThat(status(client, path)).as(path + " on the client port").isEqualTo(404);
      }
      assertThat(status(client, "/api")).isEqualTo(200);
    } finally {
      server.stop();
    }
  }

  @Test
  void withoutItEverythingSharesTheClientPort() throws Exception {
    WebServer server = start(Map.of());
    try {
      assertThat(status(server.port(), "/observe/health/ready")).isBetween(200, 204);
      assertThat(status(server.port(), "/openapi")).isEqualTo(200);
      assertThat(status(server.port(), "/api")).isEqualTo(200);
    } finally {
      server.stop();
    }
  }

  private static WebServer start(Map<String, String> values) {
    Settings settings = Settings.of(Config.just(ConfigSources.create(values)));
    ObserveEndpoints observe = ObserveEndpoints.from(settings);
    return observe
        .addTo(
            WebServer.builder().port(0).host("127.0.0.1"),
            HealthObserver.builder().build(),
            OPENAPI)
        .routing(
            routing -> {
              observe.openApiOnClientPort(routing, OPENAPI);
              routing.get("/api", (req, res) -> res.send("api"));
            })
        .build()
        .start();
  }

  private static int status(int port, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
