package dev.orderly.common.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;

/**
 * Binds one field of many rows as a single SQL array parameter, for statements that {@code unnest}
 * a batch.
 */
public final class SqlArrays {

  private SqlArrays() {}

  /**
   * Sets parameter {@code index} to the array of {@code type} holding {@code field} of each row, in
   * order.
   */
  public static <T> void bind(
      PreparedStatement ps,
      int index,
      String type,
      Collection<T> rows,
      Function<? super T, ?> field)
      throws SQLException {
    ps.setArray(index, ps.getConnection().createArrayOf(type, rows.stream().map(field).toArray()));
  }

  /** Sets parameter {@code index} to the array of {@code type} holding {@code values}, in order. */
  public static void bind(PreparedStatement ps, int index, String type, Collection<?> values)
      throws SQLException {
    ps.setArray(index, ps.getConnection().createArrayOf(type, values.toArray()));
  }
}
