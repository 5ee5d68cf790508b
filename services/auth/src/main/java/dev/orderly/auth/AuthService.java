package dev.orderly.auth;

import dev.orderly.common.config.Settings;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.DatabaseConfig;
import dev.orderly.common.db.Ids;
import dev.orderly.common.health.ObserveEndpoints;
import dev.orderly.common.health.ReadinessCheck;
import dev.orderly.common.http.CorrelationFilter;
import dev.orderly.common.http.ProblemResponses;
import dev.orderly.common.http.StaticDocument;
import dev.orderly.common.observability.Logging;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.health.HealthObserver;
import java.time.Clock;
import java.util.List;
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

    private static final Handler OPENAPI = StaticDocument.of("openapi/auth.yaml", "application/yaml");

    private final Database database;
    private final WebServer server;

    private AuthService(Database database, WebServer server) {
        this.database = database;
        this.server = server;
    }

    /** What the routes work with. */
    public record Components(UserRepository users, PasswordHasher hasher, TokenIssuer issuer,
                             LoginThrottle throttle, SigningKeys keys, boolean trustForwarded) {

        /** Builds the components from configuration around an open database. */
        public static Components create(Settings settings, Database database) {
            SigningKeys keys = SigningKeys.from(settings);
            PasswordHasher hasher = PasswordHasher.owasp();
            UserRepository users = new UserRepository(database);
            TokenIssuer issuer = new TokenIssuer(keys, settings.string("auth.issuer", "orderly"),
                    settings.string("auth.audience", "orderly"), settings.duration("auth.token.ttl", "15m"),
                    Clock.systemUTC());
            LoginThrottle throttle = new LoginThrottle(settings.integer("auth.login.failures.per.user", 5),
                    settings.integer("auth.login.failures.per.client", 20),
                    settings.duration("auth.login.window", "5m"), Clock.systemUTC());
            return new Components(users, hasher, issuer, throttle, keys,
                    settings.bool("auth.login.trust.forwarded", true));
        }
    }

    /** Registers the service's routes and its OpenAPI document (tests with {@code @SetUpRoute}). */
    public static void routing(HttpRouting.Builder routing, Components c) {
        routing.get("/openapi", OPENAPI);
        apiRouting(routing, c);
    }

    private static void apiRouting(HttpRouting.Builder routing, Components c) {
        routing.addFilter(new CorrelationFilter())
                .register("/auth/users", new UsersHttpService(c.users(), c.hasher()))
                .register("/auth/token", new TokenHttpService(c.users(), c.hasher(), c.issuer(), c.throttle(),
                        c.trustForwarded()))
                .register("/.well-known", new JwksHttpService(c.keys()));
        ProblemResponses.register(routing);
    }

    /** Creates the admin user from {@code auth.admin.*} when a password is configured. */
    static void bootstrapAdmin(Settings settings, Components c) {
        String password = settings.string("auth.admin.password", "");
        if (password.isEmpty()) {
            LOG.info("no AUTH_ADMIN_PASSWORD: no admin user is bootstrapped");
            return;
        }
        String username = new Credentials(settings.string("auth.admin.username", "admin"), password)
                .normalizedUsername();
        c.users().upsert(new User(Ids.next(), username, c.hasher().hash(password),
                List.of(Roles.ADMIN, Roles.CUSTOMER)));
        LOG.info("admin user '{}' bootstrapped from configuration", username);
    }

    /** Starts everything; returns once the HTTP server listens. */
    public static AuthService start(Settings settings) {
        Logging.init();
        Database database = Database.open(DatabaseConfig.from(settings, NAME), NAME);
        Components components;
        try {
            components = Components.create(settings, database);
            bootstrapAdmin(settings, components);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        ObserveEndpoints observe = ObserveEndpoints.from(settings);
        WebServer server = observe.addTo(WebServer.builder()
                        .config(settings.config().get("server"))
                        .port(settings.integer("server.port", DEFAULT_PORT))
                        .host(settings.string("server.host", "127.0.0.1")),
                        HealthObserver.builder()
                                .details(true)
                                .addCheck(ReadinessCheck.required("database", database::isReachable))
                                .build(),
                        OPENAPI)
                .routing(routing -> {
                    observe.openApiOnClientPort(routing, OPENAPI);
                    apiRouting(routing, components);
                })
                .build()
                .start();
        LOG.info("auth listening on {}:{}, signing key {}", settings.string("server.host", "127.0.0.1"),
                server.port(), components.keys().signing().getKeyID());
        AuthService service = new AuthService(database, server);
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
        database.close();
    }
}
