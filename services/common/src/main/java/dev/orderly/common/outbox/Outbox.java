package dev.orderly.common.outbox;

import dev.orderly.common.messaging.OutboundMessage;
import dev.orderly.common.observability.TraceContext;
import dev.orderly.contracts.EventCodec;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events a transaction will publish: collected while the business logic runs, then written to the
 * outbox table in one batch, inside the same transaction. Once that transaction has committed,
 * {@link OutboxRelay#dispatch} publishes the written rows at once; the relay's poller takes over
 * only rows that nobody dispatched or the broker refused, after {@link #DISPATCH_GRACE}.
 */
public final class Outbox {

    /** How long a new row is left to the dispatch after commit before the poller may publish it. */
    static final Duration DISPATCH_GRACE = Duration.ofSeconds(10);

    private static final String INSERT = """
            INSERT INTO outbox (message_id, aggregate_id, routing_key, payload, correlation_id, traceparent,
                                next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, now() + interval '%d seconds')""".formatted(DISPATCH_GRACE.toSeconds());

    private final List<Row> rows = new ArrayList<>();
    private final List<Written> written = new ArrayList<>();

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

    /** Writes the collected events in one batch and keeps them for {@link OutboxRelay#dispatch}. */
    public void flush(Connection tx) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<UUID, OutboundMessage> messages = new HashMap<>();
        try (PreparedStatement ps = tx.prepareStatement(INSERT, new String[] {"id", "message_id"})) {
            for (Row row : rows) {
                OutboundMessage message = new OutboundMessage(row.messageId().toString(), row.event().routingKey(),
                        EventCodec.encode(row.event()), row.correlationId(), row.traceparent());
                messages.put(row.messageId(), message);
                ps.setObject(1, row.messageId());
                ps.setObject(2, row.event().orderId());
                ps.setString(3, message.routingKey());
                ps.setBytes(4, message.body());
                ps.setString(5, message.correlationId());
                ps.setString(6, message.traceparent());
                ps.addBatch();
            }
            ps.executeBatch();
            // Matched by message id: a rewritten multi-row insert does not promise the keys' order.
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) {
                    written.add(new Written(keys.getLong(1), messages.get(keys.getObject(2, UUID.class))));
                }
            }
        }
        rows.clear();
    }

    /** The rows flushed so far, with their outbox ids. */
    List<Written> written() {
        return written;
    }

    /** A row in the outbox table and the message it carries. */
    record Written(long id, OutboundMessage message) {
    }

    private record Row(UUID messageId, SagaEvent event, String correlationId, String traceparent) {
    }
}
