package dev.orderly.common.db;

import java.sql.SQLException;

/** An unchecked wrapper for a failed database call. */
public final class DataAccessException extends RuntimeException {

    public DataAccessException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
