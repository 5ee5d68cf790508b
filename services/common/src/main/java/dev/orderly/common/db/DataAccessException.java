package dev.orderly.common.db;

import java.sql.SQLException;

/** An unchecked wrapper for a failed database call. */
public final class DataAccessException extends RuntimeException {

    public DataAccessException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** The SQLSTATE of the underlying error, to tell a unique violation from an outage. */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
