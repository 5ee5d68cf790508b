package dev.orderly.common.outbox;

import dev.orderly.common.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions that publish events: each gets an {@link Outbox} of its own, whatever it added and
 * did not write itself is written before the commit, and what it wrote is dispatched once the
 * commit succeeded. No writer can forget the dispatch (which would leave its events to the poller's
 * grace).
 */
public final class OutboxTransactions {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxTransactions.class);

  private final Database database;
  private final Consumer<Outbox> dispatch;

  /**
   * @param dispatch publishes a committed transaction's rows ({@link OutboxRelay#dispatch})
   */
  public OutboxTransactions(Database database, Consumer<Outbox> dispatch) {
    this.database = database;
    this.dispatch = dispatch;
  }

  /** Runs {@code work} in one transaction; its events are published once it committed. */
  public <T> T inTransaction(Work<T> work) {
    Outbox outbox = new Outbox();
    T result =
        database.inTransaction(
            tx -> {
              T value = work.run(tx, outbox);
              outbox.flush(tx);
              return value;
            });
    dispatched(outbox);
    return result;
  }

  /**
   * Runs {@code work}, one statement that writes its events too ({@link Outbox#flush(Connection,
   * Outbox.Prelude, Outbox.PreludeParameters)}), on a connection in auto-commit mode: one round
   * trip, no separate commit. Its events are published once that statement returned.
   *
   * @throws IllegalStateException when {@code work} added events it did not write
   */
  public <T> T inOneStatement(Work<T> work) {
    Outbox outbox = new Outbox();
    T result =
        database.autoCommitted(
            connection -> {
              T value = work.run(connection, outbox);
              if (!outbox.isEmpty()) {
                throw new IllegalStateException("events added but not written by the statement");
              }
              return value;
            });
    dispatched(outbox);
    return result;
  }

  // The transaction committed, so the work succeeded: a dispatch that fails only delays the
  // events until the poller takes them.
  private void dispatched(Outbox outbox) {
    try {
      dispatch.accept(outbox);
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot dispatch committed outbox rows, the poller publishes them: {}", e.toString());
    }
  }

  /** Work in a transaction, with the outbox its events go to. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection, Outbox outbox) throws SQLException;
  }
}
