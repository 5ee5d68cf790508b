package dev.orderly.gateway;

import dev.orderly.common.ServiceServer;
import dev.orderly.common.config.Settings;
import dev.orderly.common.http.OpenApiDocument;
import dev.orderly.common.http.ProblemResponses;
import dev.orderly.common.http.RequestObservation;
import dev.orderly.common.security.JwtValidator;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running gateway: routing, filters and one guarded client per upstream. */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final OpenApiDocument OPENAPI = OpenApiDocument.load("openapi/gateway.yaml");
  static final int DEFAULT_PORT = 8080;

  private final WebServer server;

  private Gateway(WebServer server) {
    this.server = server;
  }

  /**
   * What the routes work with.
   *
   * @param settings gateway configuration
   * @param validator JWT validation against the auth service's JWKS
   * @param upstreams one guarded client per upstream name
   * @param limiter per-client rate limit
   */
  public record Components(
      GatewaySettings settings,
      JwtValidator validator,
      Map<String, Upstream> upstreams,
      RateLimiter limiter) {

    /** Builds the components from configuration. */
    public static Components create(Settings settings) {
      GatewaySettings gateway = GatewaySettings.from(settings);
      return create(gateway, JwtValidator.create(settings));
    }

    /** Builds the components around an existing validator (tests). */
    public static Components create(GatewaySettings gateway, JwtValidator validator) {
      Map<String, Upstream> upstreams = new LinkedHashMap<>();
      gateway
          .upstreams()
          .forEach((name, uri) -> upstreams.put(name, new Upstream(name, uri, gateway)));
      return new Components(
          gateway,
          validator,
          Map.copyOf(upstreams),
          new RateLimiter(gateway.requestsPerSecond(), gateway.burst()));
    }
  }

  /**
   * Registers the gateway's filters, routes and OpenAPI document (tests with {@code @SetUpRoute}).
   */
  public static void routing(HttpRouting.Builder routing, Components c) {
    routing.register(OPENAPI);
    apiRouting(routing, c);
  }

  private static void apiRouting(HttpRouting.Builder routing, Components c) {
    GatewaySettings s = c.settings();
    ProxyHandler proxy = new ProxyHandler(c.upstreams(), s.maxBodyBytes(), s.trustedProxies());
    routing
        .addFilter(new RequestObservation(OPENAPI))
        .addFilter(new ResponseCounter())
        .addFilter(new EdgeFilter(new CorsPolicy(s.corsOrigins()), s.trustedProxies()));
    // The document is the API: a method it does not list is 405 here, not forwarded.
    OPENAPI.refuseUndocumentedMethods(routing);
    routing
        .addFilter(new AccessFilter(c.validator(), c.limiter(), s.trustedProxies()))
        .get(
            "/api/orders/{id}/details",
            new DetailsHandler(
                c.upstreams().get(GatewaySettings.ORDERS),
                c.upstreams().get(GatewaySettings.INVENTORY),
                s.detailsTimeout(),
                s.trustedProxies()))
        .any("/api/*", proxy);
    ProblemResponses.register(routing);
  }

  /** Starts the gateway; returns once it listens. */
  public static Gateway start(Settings settings) {
    ServiceServer.prepare("gateway");
    Components components = Components.create(settings);
    WebServer server =
        ServiceServer.start(
            "gateway",
            settings,
            DEFAULT_PORT,
            List.of(),
            OPENAPI,
            routing -> {
              if (settings.bool("gateway.docs.enabled", false)) {
                routing.register("/docs", new ApiDocs());
              }
              apiRouting(routing, components);
            });
    LOG.info("gateway upstreams {}", components.settings().upstreams());
    Gateway gateway = new Gateway(server);
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
    return gateway;
  }

  /** The port the gateway listens on. */
  public int port() {
    return server.port();
  }

  @Override
  public synchronized void close() {
    if (server.isRunning()) {
      server.stop();
    }
  }
}
