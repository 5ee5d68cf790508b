package dev.orderly.common.outbox;

import dev.orderly.common.observability.TraceContext;
import dev.orderly.contracts.EventCodec;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events a transaction will publish: collected while the business logic runs, then written to the
 * outbox table in one batch, inside the same transaction.
 */
public final class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (message_id, aggregate_id, routing_key, payload, correlation_id, traceparent)
            VALUES (?, ?, ?, ?, ?, ?)""";

    private final List<Row> rows = new ArrayList<>();

    /**
     * Adds {@code event}; it is published after the transaction commits.
     *
     * @param parent trace position of the work that caused the event; the message gets a child span
     */
    public Outbox add(SagaEvent event, String correlationId, TraceContext parent) {
        rows.add(new Row(UUID.randomUUID(), event, correlationId, parent.child().traceparent()));
        return this;
    }

    /** True when there is something to write. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Writes the collected events in one batch and forgets them. */
    public void flush(Connection tx) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = tx.prepareStatement(INSERT)) {
            for (Row row : rows) {
                ps.setObject(1, row.messageId());
                ps.setObject(2, row.event().orderId());
                ps.setString(3, row.event().routingKey());
                ps.setBytes(4, EventCodec.encode(row.event()));
                ps.setString(5, row.correlationId());
                ps.setString(6, row.traceparent());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        rows.clear();
    }

    private record Row(UUID messageId, SagaEvent event, String correlationId, String traceparent) {
    }
}
