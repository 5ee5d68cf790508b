package dev.orderly.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A service's PostgreSQL database: a HikariCP pool, Flyway migrations and explicit transactions.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;

  /** The readiness probe's own connection, or null: then probes borrow from {@link #dataSource}. */
  private final HikariDataSource probes;

  private Database(HikariDataSource dataSource, HikariDataSource probes) {
    this.dataSource = dataSource;
    this.probes = probes;
  }

  /**
   * Migrates the schema — the common tables (outbox, inbox; their own history table) and the
   * service's own ({@code classpath:db/migration/<service>}) — and opens a pool.
   */
  public static Database open(DatabaseConfig config, String service) {
    Database database =
        new Database(
            hikari(config, service + "-db", config.poolSize()), probePool(config, service));
    Flyway.configure()
        .dataSource(database.dataSource)
        .table("flyway_schema_history_common")
        .locations("classpath:db/migration/common")
        .load()
        .migrate();
    // The schema already holds the common tables: start the service's history below its V1.
    Flyway.configure()
        .dataSource(database.dataSource)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .locations("classpath:db/migration/" + service)
        .load()
        .migrate();
    return database;
  }

  /**
   * Opens another pool on the same database (no migrations), e.g. so background work never queues
   * behind request handling for a connection.
   */
  public static Database pool(DatabaseConfig config, String name, int size) {
    return new Database(hikari(config, name, size), null);
  }

  private static HikariDataSource hikari(DatabaseConfig config, String name, int size) {
    HikariConfig hikari = connecting(config, name, size);
    hikari.setAutoCommit(false);
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new HikariDataSource(hikari);
  }

  /**
   * A pool of {@code size} connections to the service's database, named {@code name} in
   * pg_stat_activity too.
   */
  private static HikariConfig connecting(DatabaseConfig config, String name, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(size);
    hikari.setPoolName(name);
    // Let the pool start even when the database is still coming up; readiness reports it.
    hikari.setInitializationFailTimeout(-1);
    // pg_stat_activity then tells the request pool from the background one and the probe's.
    hikari.addDataSourceProperty("ApplicationName", name);
    return hikari;
  }

  /** The pool, for health checks and read-only queries. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public <T> T inTransaction(TransactionalWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (Throwable e) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailed) {
          // A lost connection fails the rollback too; what failed the work is the news.
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  /**
   * Runs {@code work} on a connection in auto-commit mode, where each statement is a transaction of
   * its own: for work that is one statement, one round trip instead of a statement and a commit.
   */
  public <T> T autoCommitted(TransactionalWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      // The pool hands the next borrower its connection back in manual-commit mode.
      connection.setAutoCommit(true);
      return work.run(connection);
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  /**
   * One connection for readiness probes: a probe never waits behind requests for a connection (the
   * request pool lets them wait 30 s), and gives up within about two seconds, inside the kubelet's
   * three.
   */
  private static HikariDataSource probePool(DatabaseConfig config, String service) {
    HikariConfig hikari = connecting(config, service + "-probe", 1);
    hikari.setConnectionTimeout(1000);
    hikari.setValidationTimeout(1000);
    hikari.addDataSourceProperty("connectTimeout", "1");
    return new HikariDataSource(hikari);
  }

  /** True when the database answers within about two seconds, on the probes' own connection. */
  public boolean isReachable() {
    try (Connection connection = (probes == null ? dataSource : probes).getConnection()) {
      return connection.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
    if (probes != null) {
      probes.close();
    }
  }

  /** Work done inside a transaction on the given connection. */
  @FunctionalInterface
  public interface TransactionalWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
