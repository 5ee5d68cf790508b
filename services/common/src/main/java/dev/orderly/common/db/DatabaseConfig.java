package dev.orderly.common.db;

import dev.orderly.common.config.Settings;

/**
 * Where a service's own database is and how many connections it may hold.
 *
 * @param url JDBC URL
 * @param user role
 * @param password password
 * @param poolSize maximum pool size
 */
public record DatabaseConfig(String url, String user, String password, int poolSize) {

  /** Reads {@code db.*}, defaulting to the local database named after the service. */
  public static DatabaseConfig from(Settings settings, String service) {
    return new DatabaseConfig(
        settings.string(
            "db.url", "jdbc:postgresql://127.0.0.1:5432/" + service + "?sslmode=disable"),
        settings.string("db.user", service),
        settings.string("db.password", service),
        settings.integer("db.pool.size", 6));
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
