package dev.orderly.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** How a test reaches a service's own database, as that service's role. */
@FunctionalInterface
interface ServiceDatabases {

  /** The local PostgreSQL of hack/infra.sh, where each role's password is its name. */
  ServiceDatabases LOCAL =
      service -> DriverManager.getConnection(TestEnvironment.PG_URL + service, service, service);

  /** Connects to {@code service}'s database as {@code service}'s role. */
  Connection connect(String service) throws SQLException;
}
