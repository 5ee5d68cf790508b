package dev.orderly.common.outbox;

import dev.orderly.common.observability.TraceContext;
import dev.orderly.contracts.EventCodec;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Writes events to the outbox table inside the caller's business transaction. */
public final class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (message_id, aggregate_id, routing_key, payload, correlation_id, traceparent)
            VALUES (?, ?, ?, ?, ?, ?)""";

    private Outbox() {
    }

    /**
     * Appends {@code event}; it is published after the transaction commits.
     *
     * @param parent trace position of the work that caused the event; the message gets a child span
     */
    public static void append(Connection tx, SagaEvent event, String correlationId, TraceContext parent)
            throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(INSERT)) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, event.orderId());
            ps.setString(3, event.routingKey());
            ps.setBytes(4, EventCodec.encode(event));
            ps.setString(5, correlationId);
            ps.setString(6, parent.child().traceparent());
            ps.executeUpdate();
        }
    }
}
