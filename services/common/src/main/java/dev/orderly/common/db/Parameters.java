package dev.orderly.common.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;

/**
 * Binds a statement's parameters in the order they appear, counting positions itself: a statement
 * built from parts (a prelude's CTEs, then the outbox's insert) binds each part's parameters after
 * the ones before, with no offsets counted by hand.
 */
public final class Parameters {

  private final PreparedStatement ps;
  private int next = 1;

  public Parameters(PreparedStatement ps) {
    this.ps = ps;
  }

  /** The next parameter: the array of {@code type} holding {@code field} of each row, in order. */
  public <T> Parameters array(String type, Collection<T> rows, Function<? super T, ?> field)
      throws SQLException {
    SqlArrays.bind(ps, next++, type, rows, field);
    return this;
  }

  /**
   * The next parameter: a {@code bytea[]} of {@code field} of each row (pgjdbc encodes a bytea
   * array only from its own array type, {@code byte[][]}).
   */
  public <T> Parameters byteaArray(Collection<T> rows, Function<? super T, byte[]> field)
      throws SQLException {
    ps.setArray(
        next++,
        ps.getConnection().createArrayOf("bytea", rows.stream().map(field).toArray(byte[][]::new)));
    return this;
  }
}
