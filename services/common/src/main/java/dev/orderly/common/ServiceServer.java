package dev.orderly.common;

import dev.orderly.common.config.Settings;
import dev.orderly.common.health.ObserveEndpoints;
import dev.orderly.common.http.OpenApiDocument;
import dev.orderly.common.observability.Logging;
import dev.orderly.common.observability.Tracing;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every service starts: logging and tracing first ({@link #prepare}), then its HTTP server
 * ({@link #start}) with the observe endpoints (health with the service's checks, metrics, its
 * OpenAPI document) and its routes.
 */
public final class ServiceServer {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);

  private ServiceServer() {}

  /** Logging and tracing for service {@code name}: the first thing a service does. */
  public static void prepare(String name) {
    Logging.init();
    Tracing.start(name);
  }

  /**
   * Starts service {@code name}'s server on {@code server.port} (default {@code defaultPort}) and
   * {@code server.host}; returns once it listens.
   *
   * @param readiness the checks of {@code /observe/health/ready}
   * @param routes registers the service's routes on the client port
   */
  public static WebServer start(
      String name,
      Settings settings,
      int defaultPort,
      List<HealthCheck> readiness,
      OpenApiDocument openapi,
      Consumer<HttpRouting.Builder> routes) {
    ObserveEndpoints observe = ObserveEndpoints.from(settings);
    HealthObserverConfig.Builder health = HealthObserver.builder().details(true);
    readiness.forEach(health::addCheck);
    String host = settings.string("server.host", "127.0.0.1");
    WebServer server =
        observe
            .addTo(
                WebServer.builder()
                    .config(settings.config().get("server"))
                    .port(settings.integer("server.port", defaultPort))
                    .host(host),
                health.build(),
                openapi)
            .routing(
                routing -> {
                  observe.openApiOnClientPort(routing, openapi);
                  routes.accept(routing);
                })
            .build()
            .start();
    LOG.info("{} listening on {}:{}", name, host, server.port());
    return server;
  }
}
