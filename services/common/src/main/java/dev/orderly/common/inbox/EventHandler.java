package dev.orderly.common.inbox;

import dev.orderly.common.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies saga events inside the consumer's transaction, which also records them in the inbox and
 * writes the outbox. Handlers get whole batches so they can read and write set-wise: a batch costs
 * a handful of round trips to the database, not a handful per message.
 */
public interface EventHandler {

  /**
   * Applies {@code events} (new ones only, duplicates already removed) in their order. Rows the
   * batch changes must be locked in one fixed order (e.g. by id), so that concurrent batches on
   * several replicas wait for each other instead of deadlocking.
   *
   * @param outbox collects the events to publish; written by the caller before the commit, unless
   *     the handler flushed it in a statement of its own writes (one round trip fewer)
   */
  void handle(Connection tx, List<IncomingEvent> events, Outbox outbox) throws SQLException;
}
