package dev.orderly.auth;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.orderly.common.ServiceServer;
import dev.orderly.common.config.Settings;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.DatabaseConfig;
import dev.orderly.common.db.Ids;
import dev.orderly.common.health.ReadinessCheck;
import dev.orderly.common.http.OpenApiDocument;
import dev.orderly.common.http.ProblemResponses;
import dev.orderly.common.http.RequestObservation;
import dev.orderly.common.security.Authentication;
import dev.orderly.common.security.JwtSettings;
import dev.orderly.common.security.JwtValidator;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running auth service: its database (migrated), the signing keys, and the HTTP server with
 * health (database) and metrics. It does not use the broker.
 */
public final class AuthService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  static final String NAME = "auth";
  static final int DEFAULT_PORT = 8083;

  private static final OpenApiDocument OPENAPI = OpenApiDocument.load("openapi/auth.yaml");

  private final Database database;
  private final WebServer server;
  private final ScheduledExecutorService purge;

  private AuthService(Database database, WebServer server, ScheduledExecutorService purge) {
    this.database = database;
    this.server = server;
    this.purge = purge;
  }

  private static void purgeExpiredRefreshTokens(Components c) {
    try {
      int purged = c.refreshTokens().purgeExpired();
      if (purged > 0) {
        LOG.info("purged {} refresh tokens of ended sessions", purged);
      }
    } catch (RuntimeException e) {
      LOG.warn("purging expired refresh tokens failed; next round in an hour: {}", e.toString());
    }
  }

  /** What the routes work with. */
  public record Components(
      UserRepository users,
      ClientRepository clients,
      RefreshTokens refreshTokens,
      PasswordHasher hasher,
      TokenIssuer issuer,
      LoginThrottle throttle,
      SigningKeys keys,
      Authentication authentication,
      String publicClientId,
      boolean trustForwarded) {

    /** Builds the components from configuration around an open database. */
    public static Components create(Settings settings, Database database) {
      SigningKeys keys = SigningKeys.from(settings);
      String issuerUrl = settings.string("auth.issuer", JwtSettings.DEFAULT_ISSUER);
      String audience = settings.string("auth.audience", "orderly");
      TokenIssuer issuer =
          new TokenIssuer(
              keys,
              issuerUrl,
              audience,
              settings.duration("auth.token.ttl", "15m"),
              Clock.systemUTC());
      LoginThrottle throttle =
          new LoginThrottle(
              settings.integer("auth.login.failures.per.user", 5),
              settings.integer("auth.login.failures.per.client", 20),
              settings.duration("auth.login.window", "5m"),
              Clock.systemUTC());
      RefreshTokens refreshTokens =
          new RefreshTokens(
              database,
              settings.duration("auth.refresh.ttl", "24h"),
              settings.duration("auth.refresh.max.lifetime", "168h"));
      // Auth checks the tokens of its own admin routes against its own keys: no JWKS fetch.
      Authentication authentication =
          new Authentication(
              new JwtValidator(
                  JwtSettings.of(issuerUrl, audience),
                  new ImmutableJWKSet<>(keys.jwks().toPublicJWKSet()),
                  Clock.systemUTC()));
      return new Components(
          new UserRepository(database),
          new ClientRepository(database),
          refreshTokens,
          PasswordHasher.owasp(),
          issuer,
          throttle,
          keys,
          authentication,
          settings.string("auth.public.client.id", "orderly"),
          settings.bool("auth.login.trust.forwarded", true));
    }
  }

  /** Registers the service's routes and its OpenAPI document (tests with {@code @SetUpRoute}). */
  public static void routing(HttpRouting.Builder routing, Components c) {
    routing.register(OPENAPI);
    apiRouting(routing, c);
  }

  private static void apiRouting(HttpRouting.Builder routing, Components c) {
    WellKnownHttpService wellKnown = new WellKnownHttpService(c.keys(), c.issuer().issuer());
    routing.addFilter(new RequestObservation(OPENAPI));
    OPENAPI.refuseUndocumentedMethods(routing);
    routing
        .register("/auth/users", new UsersHttpService(c.users(), c.hasher()))
        .register("/auth/token", new TokenHttpService(c))
        .any("/auth/clients", c.authentication().requiring(Roles.ADMIN))
        .any("/auth/clients/*", c.authentication().requiring(Roles.ADMIN))
        .register("/auth/clients", new ClientsHttpService(c.clients(), c.hasher()))
        // At the root for the gateway's /api/auth/.well-known, and under the issuer's path.
        .register("/.well-known", wellKnown)
        .register("/auth/.well-known", wellKnown)
        .error(OAuthException.class, TokenHttpService::answer);
    Authentication.registerErrorHandler(routing);
    ProblemResponses.register(routing);
  }

  /** Creates the admin user from {@code auth.admin.*} when a password is configured. */
  static void bootstrapAdmin(Settings settings, Components c) {
    String password = settings.string("auth.admin.password", "");
    if (password.isEmpty()) {
      LOG.info("no AUTH_ADMIN_PASSWORD: no admin user is bootstrapped");
      return;
    }
    String username =
        new Credentials(settings.string("auth.admin.username", "admin"), password)
            .normalizedUsername();
    c.users()
        .upsert(
            new User(
                Ids.next(),
                username,
                c.hasher().hash(password),
                List.of(Roles.ADMIN, Roles.CUSTOMER)));
    LOG.info("admin user '{}' bootstrapped from configuration", username);
  }

  /** Starts everything; returns once the HTTP server listens. */
  public static AuthService start(Settings settings) {
    ServiceServer.prepare(NAME);
    Database database = Database.open(DatabaseConfig.from(settings, NAME), NAME);
    Components components;
    try {
      components = Components.create(settings, database);
      bootstrapAdmin(settings, components);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    WebServer server =
        ServiceServer.start(
            NAME,
            settings,
            DEFAULT_PORT,
            List.of(ReadinessCheck.required("database", database::isReachable)),
            OPENAPI,
            routing -> apiRouting(routing, components));
    LOG.info("auth signs with key {}", components.keys().signing().getKeyID());
    ScheduledExecutorService purge =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("refresh-token-purge").daemon().factory());
    purge.scheduleWithFixedDelay(
        () -> purgeExpiredRefreshTokens(components), 1, 60, TimeUnit.MINUTES);
    AuthService service = new AuthService(database, server, purge);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "auth-shutdown"));
    return service;
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return server.port();
  }

  @Override
  public synchronized void close() {
    if (!server.isRunning()) {
      return;
    }
    server.stop();
    purge.shutdownNow();
    database.close();
  }
}
