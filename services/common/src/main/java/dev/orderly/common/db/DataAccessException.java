package dev.orderly.common.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** An unchecked wrapper for a failed database call. */
public final class DataAccessException extends RuntimeException {

  /** SQLSTATEs of a server going away or refusing work: shutting down, starting, full. */
  private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

  public DataAccessException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  /**
   * Whether the database could not be reached or refused to serve (no connection within the pool's
   * wait, a connection lost, a restart): an outage to retry later, not a fault of the call.
   */
  public boolean isUnavailable() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || UNAVAILABLE.contains(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
