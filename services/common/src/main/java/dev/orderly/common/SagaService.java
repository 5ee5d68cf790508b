package dev.orderly.common;

import dev.orderly.common.config.Settings;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.DatabaseConfig;
import dev.orderly.common.health.ReadinessCheck;
import dev.orderly.common.http.DeadLetterHttpService;
import dev.orderly.common.http.OpenApiDocument;
import dev.orderly.common.http.ProblemResponses;
import dev.orderly.common.http.RequestObservation;
import dev.orderly.common.inbox.EventHandler;
import dev.orderly.common.inbox.InboxConsumer;
import dev.orderly.common.messaging.BrokerConnection;
import dev.orderly.common.messaging.DeadLetters;
import dev.orderly.common.messaging.RabbitMqSettings;
import dev.orderly.common.messaging.SagaMessaging;
import dev.orderly.common.outbox.OutboxRelay;
import dev.orderly.common.outbox.OutboxSettings;
import dev.orderly.common.outbox.OutboxTransactions;
import dev.orderly.common.security.Authentication;
import dev.orderly.contracts.Topology;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running saga participant: its database (migrated), the broker connection and topology, the
 * inbox consumer of its queue, the outbox relay, and the HTTP server with health and metrics.
 */
public final class SagaService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SagaService.class);

  private final Database database;
  private final Database background;
  private final BrokerConnection broker;
  private final SagaMessaging messaging;
  private final OutboxRelay relay;
  private final InboxConsumer consumer;
  private final WebServer server;
  private final List<AutoCloseable> workers;

  private SagaService(
      Database database,
      Database background,
      BrokerConnection broker,
      SagaMessaging messaging,
      OutboxRelay relay,
      InboxConsumer consumer,
      WebServer server,
      List<AutoCloseable> workers) {
    this.workers = workers;
    this.background = background;
    this.database = database;
    this.broker = broker;
    this.messaging = messaging;
    this.relay = relay;
    this.consumer = consumer;
    this.server = server;
  }

  /**
   * What distinguishes one saga service from another.
   *
   * @param name service name: database, migrations folder, logs
   * @param queue the queue it consumes
   * @param defaultPort HTTP port when {@code server.port} is not set
   * @param handler builds the event handler
   * @param routes registers the HTTP routes
   * @param workers starts background work (schedulers), stopped with the service
   */
  public record Definition(
      String name,
      Topology.Queue queue,
      int defaultPort,
      Function<Context, EventHandler> handler,
      BiConsumer<HttpRouting.Builder, Context> routes,
      Function<Context, List<AutoCloseable>> workers) {}

  /**
   * What handlers and routes get to work with.
   *
   * @param settings configuration
   * @param database the service's database, for request handling
   * @param background a separate pool on the same database for background work (relay, consumer,
   *     schedulers), so it never waits behind requests for a connection
   * @param transactions transactions on {@code database} whose events are published on commit
   * @param backgroundTransactions the same on {@code background}
   */
  public record Context(
      Settings settings,
      Database database,
      Database background,
      OutboxTransactions transactions,
      OutboxTransactions backgroundTransactions) {}

  /** Starts everything; returns once the HTTP server listens. */
  public static SagaService start(Definition definition, Settings settings) {
    ServiceServer.prepare(definition.name());
    DatabaseConfig databaseConfig = DatabaseConfig.from(settings, definition.name());
    Database database = Database.open(databaseConfig, definition.name());
    Database background =
        Database.pool(
            databaseConfig,
            definition.name() + "-background",
            settings.integer("db.background.pool.size", 6));
    RabbitMqSettings rabbit = RabbitMqSettings.from(settings);
    BrokerConnection broker =
        BrokerConnection.open(rabbit, definition.name(), Duration.ofSeconds(60));
    SagaMessaging messaging = SagaMessaging.start(broker, rabbit);
    OutboxRelay relay = new OutboxRelay(background, messaging, OutboxSettings.from(settings));
    Context context =
        new Context(
            settings,
            database,
            background,
            new OutboxTransactions(database, relay::dispatch),
            new OutboxTransactions(background, relay::dispatch));
    InboxConsumer consumer =
        new InboxConsumer(
            definition.queue().name(),
            context.backgroundTransactions(),
            definition.handler().apply(context),
            rabbit.deliveryLimit(),
            settings.integer("inbox.workers", 2),
            rabbit.prefetch());
    List<AutoCloseable> workers = definition.workers().apply(context);
    // Deliveries last: on a full queue the first batch commits within milliseconds, and its
    // events must find the relay that publishes them.
    messaging.consume(definition.queue(), consumer::accept);

    OpenApiDocument openapi = OpenApiDocument.load("openapi/" + definition.name() + ".yaml");
    Authentication authentication = Authentication.create(settings);
    DeadLetterHttpService deadLetters =
        new DeadLetterHttpService(new DeadLetters(broker, definition.queue()));
    WebServer server =
        ServiceServer.start(
            definition.name(),
            settings,
            definition.defaultPort(),
            List.of(
                ReadinessCheck.required("database", database::isReachable),
                // Orders are still accepted into the outbox while the broker is away: no reason
                // to leave the Service.
                ReadinessCheck.reported("broker", broker::isOpen)),
            openapi,
            routing -> {
              routing(routing, openapi, authentication, definition, context);
              // Dead letters are operator business: admin only.
              routing
                  .any("/admin/dead-letters", SagaService::requireAdmin)
                  .any("/admin/dead-letters/*", SagaService::requireAdmin)
                  .register("/admin/dead-letters", deadLetters);
            });
    SagaService service =
        new SagaService(database, background, broker, messaging, relay, consumer, server, workers);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(service::close, definition.name() + "-shutdown"));
    return service;
  }

  /**
   * A saga service's API routes (tests with {@code @SetUpRoute}): observation, 405 for undocumented
   * methods, token checks (every saga service validates callers' tokens itself, the gateway is not
   * the only check), the service's own routes, and problem+json for errors.
   */
  public static void routing(
      HttpRouting.Builder routing,
      OpenApiDocument openapi,
      Authentication authentication,
      Definition definition,
      Context context) {
    routing.addFilter(new RequestObservation(openapi));
    openapi.refuseUndocumentedMethods(routing);
    authentication.register(routing);
    definition.routes().accept(routing, context);
    ProblemResponses.register(routing);
  }

  private static void requireAdmin(ServerRequest req, ServerResponse res) {
    Authentication.requireRole(req, "admin");
    res.next();
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return server.port();
  }

  /** The service's database. */
  public Database database() {
    return database;
  }

  @Override
  public synchronized void close() {
    if (!server.isRunning()) {
      return;
    }
    server.stop();
    for (AutoCloseable worker : workers) {
      try {
        worker.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed", worker, e);
      }
    }
    // The consumer first: its last batches dispatch through the relay, which then waits for
    // their confirms before it stops.
    consumer.close();
    relay.close();
    messaging.close();
    broker.close();
    background.close();
    database.close();
  }
}
