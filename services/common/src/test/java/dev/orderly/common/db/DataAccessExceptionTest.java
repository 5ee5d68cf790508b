package dev.orderly.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DataAccessExceptionTest {

  @Test
  void anUnreachableOrRefusingDatabaseIsAnOutage() {
    assertThat(
            new DataAccessException(new SQLTransientConnectionException("pool timed out"))
                .isUnavailable())
        .isTrue();
    assertThat(
            new DataAccessException(new SQLException("connection refused", "08001"))
                .isUnavailable())
        .isTrue();
    assertThat(new DataAccessException(new SQLException("I/O error", "08006")).isUnavailable())
        .isTrue();
    assertThat(
            new DataAccessException(
                    new SQLException(
                        "terminating connection due to administrator command", "57P01"))
                .isUnavailable())
        .isTrue();
    assertThat(
            new DataAccessException(new SQLException("the database system is starting up", "57P03"))
                .isUnavailable())
        .isTrue();
    SQLException wrapped =
        new SQLException("batch failed", "XX000", new SQLException("gone", "08003"));
    assertThat(new DataAccessException(wrapped).isUnavailable()).as("by the cause").isTrue();
  }

  @Test
  void aFailingStatementIsNot() {
    assertThat(new DataAccessException(new SQLException("duplicate key", "23505")).isUnavailable())
        .isFalse();
    assertThat(
            new DataAccessException(new SQLException("could not serialize", "40001"))
                .isUnavailable())
        .isFalse();
    assertThat(new DataAccessException(new SQLException("no state")).isUnavailable()).isFalse();
  }
}
