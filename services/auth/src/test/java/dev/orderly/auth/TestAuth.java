package dev.orderly.auth;

import dev.orderly.common.config.Settings;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.DatabaseConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

/**
 * The auth service of a {@code @ServerTest} class, on the local PostgreSQL's {@code auth} database
 * and on a port chosen beforehand, so that its issuer URL (which names the port) is known when the
 * routes are built.
 */
final class TestAuth implements AutoCloseable {

  static final String ADMIN_PASSWORD = "an admin password 42";

  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String admin = "admin-" + suffix;
  final int port = freePort();
  final String issuer = "http://127.0.0.1:" + port + "/auth";
  private Database database;
  private AuthService.Components components;

  /** For {@code @SetUpServer}. */
  void server(WebServerConfig.Builder server) {
    server.host("127.0.0.1").port(port);
  }

  /** For {@code @SetUpRoute}. */
  void routing(HttpRouting.Builder routing) {
    Settings settings =
        Settings.of(
            Config.just(
                ConfigSources.create(
                    Map.of(
                        "auth.issuer", issuer,
                        "auth.dev.mode", "true",
                        "auth.admin.username", admin,
                        "auth.admin.password", ADMIN_PASSWORD,
                        "auth.login.failures.per.client", "1000"))));
    database = Database.open(DatabaseConfig.from(settings, "auth"), "auth");
    components = AuthService.Components.create(settings, database);
    AuthService.bootstrapAdmin(settings, components);
    AuthService.routing(routing, components);
  }

  AuthService.Components components() {
    return components;
  }

  /** A name no other test run uses. */
  String unique(String name) {
    return name + "-" + suffix + Long.toString(System.nanoTime() % 100000, 36);
  }

  @Override
  public void close() {
    database.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
