package dev.orderly.common.health;

import dev.orderly.common.config.Settings;
import dev.orderly.common.http.OpenApiDocument;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.util.List;

/**
 * Where a service serves {@code /observe/**} (health, metrics) and {@code /openapi} (also {@code
 * .yaml} and {@code .json}): on its client port, or, with {@code server.observe.port} set, on a
 * port of their own, which the Service for clients and the Ingress do not expose (the operator sets
 * it; the probes use it).
 */
public final class ObserveEndpoints {

  /** Name of the listener of the observe port. */
  public static final String SOCKET = "observe";

  private final String port;
  private final String host;

  private ObserveEndpoints(String port, String host) {
    this.port = port;
    this.host = host;
  }

  /** Reads {@code server.observe.port} (empty: on the client port) and {@code server.host}. */
  public static ObserveEndpoints from(Settings settings) {
    return new ObserveEndpoints(
        settings.string("server.observe.port", "").trim(),
        settings.string("server.host", "127.0.0.1"));
  }

  /** Whether they have a port of their own. */
  public boolean separate() {
    return !port.isEmpty();
  }

  /**
   * Adds health (with {@code health}'s checks) and metrics to {@code server}, and the OpenAPI
   * document when on a port of their own; otherwise the caller routes {@link #openApiOnClientPort}.
   */
  public WebServerConfig.Builder addTo(
      WebServerConfig.Builder server, HealthObserver health, OpenApiDocument openapi) {
    var observe =
        ObserveFeature.builder().addObserver(health).addObserver(MetricsObserver.create());
    if (separate()) {
      observe.sockets(List.of(SOCKET));
      server.putSocket(
          SOCKET,
          listener ->
              listener
                  .port(Integer.parseInt(port))
                  .host(host)
                  .routing(routing -> routing.register(openapi)));
    }
    return server.addFeature(observe.build());
  }

  /** Routes the OpenAPI document on the client port when the observe endpoints share it. */
  public void openApiOnClientPort(HttpRouting.Builder routing, OpenApiDocument openapi) {
    if (!separate()) {
      routing.register(openapi);
    }
  }
}
