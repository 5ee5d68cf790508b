package dev.orderly.common.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Applies saga events inside the consumer's transaction (which also records them in the inbox). */
public interface EventHandler {

    /**
     * Locks, in one fixed order, the rows a batch of events is about to change, so that concurrent
     * batches (several replicas) wait for each other instead of deadlocking.
     */
    default void lockInOrder(Connection tx, List<IncomingEvent> batch) throws SQLException {
    }

    /** Applies one event; writes to the outbox go through the same connection. */
    void handle(Connection tx, IncomingEvent event) throws SQLException;
}
