package dev.orderly.common.outbox;

import dev.orderly.common.db.Ids;
import dev.orderly.common.db.Parameters;
import dev.orderly.common.messaging.OutboundMessage;
import dev.orderly.contracts.EventCodec;
import dev.orderly.contracts.SagaEvent;
import io.opentelemetry.api.trace.SpanContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Events a transaction will publish: collected while the business logic runs, then written to the
 * outbox table in one batch, inside the same transaction. {@link OutboxTransactions} gives each
 * transaction its outbox and, once it has committed, has {@link OutboxRelay#dispatch} publish the
 * written rows at once; the relay's poller takes over only rows that nobody dispatched or the
 * broker refused, after {@link #DISPATCH_GRACE}.
 */
public final class Outbox {

  /** How long a new row is left to the dispatch after commit before the poller may publish it. */
  static final Duration DISPATCH_GRACE = Duration.ofSeconds(10);

  // One statement however many rows: a batch of single-row inserts costs the database an
  // execution per row (pgjdbc does not rewrite a batch that returns keys).
  private static final String INSERT =
      """
            INSERT INTO outbox (message_id, aggregate_id, routing_key, payload, correlation_id, traceparent,
                                tracestate, next_attempt_at)
            SELECT m.*, now() + interval '%d seconds'
            FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::bytea[], ?::text[], ?::text[], ?::text[])
              AS m(message_id, aggregate_id, routing_key, payload, correlation_id, traceparent, tracestate)
            %%s
            RETURNING id, message_id"""
          .formatted(DISPATCH_GRACE.toSeconds());
  private static final String INSERT_ALONE = INSERT.formatted("");

  /**
   * Other writes that share the outbox's statement, so a request (or a batch of them) that writes
   * both costs one round trip: a {@code WITH} list of data-modifying CTEs, and the one among them
   * that yields the ids of the aggregates whose events are to be written (e.g. the insert that may
   * meet a conflict).
   */
  public static final class Prelude {
    private final String sql;

    /**
     * @param with {@code WITH a AS (...), b AS (...)}; its parameters come first in the statement
     * @param guard the CTE that decides, with a column {@code id}: an event is written only when
     *     its aggregate's id is among the guard's rows
     */
    public Prelude(String with, String guard) {
      this.sql =
          with + "\n" + INSERT.formatted("WHERE m.aggregate_id IN (SELECT id FROM " + guard + ")");
    }

    /**
     * @param with {@code WITH a AS (...), ...}, whose writes never hold an event back; its
     *     parameters come first
     */
    public Prelude(String with) {
      this.sql = with + "\n" + INSERT_ALONE;
    }
  }

  /** Binds a prelude's parameters, which come first in the statement. */
  @FunctionalInterface
  public interface PreludeParameters {
    void bind(Parameters parameters) throws SQLException;
  }

  private final List<Row> rows = new ArrayList<>();
  private final List<Written> written = new ArrayList<>();

  /**
   * Adds {@code event}; it is published after the transaction commits.
   *
   * @param cause the span of the work that caused the event: its publish span will be a child
   */
  public Outbox add(SagaEvent event, String correlationId, SpanContext cause) {
    UUID messageId = Ids.next();
    rows.add(
        new Row(
            messageId,
            event.orderId(),
            OutboundMessage.of(
                messageId.toString(),
                event.routingKey(),
                EventCodec.encode(event),
                correlationId,
                cause)));
    return this;
  }

  /** True when there is something to write. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /**
   * Writes the collected events in one statement and keeps them for {@link OutboxRelay#dispatch}.
   */
  public void flush(Connection tx) throws SQLException {
    if (!rows.isEmpty()) {
      write(tx, INSERT_ALONE, parameters -> {});
    }
  }

  /**
   * Writes the collected events in the statement of {@code prelude}, with its other writes, and
   * keeps them for {@link OutboxRelay#dispatch}. On a connection in auto-commit mode that statement
   * is a whole transaction.
   *
   * @return the aggregates whose events were written: those the prelude's guard yielded
   */
  public Set<UUID> flush(Connection connection, Prelude prelude, PreludeParameters parameters)
      throws SQLException {
    return write(connection, prelude.sql, parameters);
  }

  private Set<UUID> write(Connection tx, String sql, PreludeParameters prelude)
      throws SQLException {
    Map<UUID, Row> byId = new HashMap<>();
    rows.forEach(r -> byId.put(r.messageId(), r));
    Set<UUID> aggregates = new HashSet<>();
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      Parameters parameters = new Parameters(ps);
      prelude.bind(parameters);
      parameters
          .array("uuid", rows, Row::messageId)
          .array("uuid", rows, Row::aggregateId)
          .array("text", rows, r -> r.message().routingKey())
          .byteaArray(rows, r -> r.message().body())
          .array("text", rows, r -> r.message().correlationId())
          .array("text", rows, r -> r.message().traceparent())
          .array("text", rows, r -> r.message().tracestate());
      try (ResultSet keys = ps.executeQuery()) {
        while (keys.next()) {
          Row row = byId.get(keys.getObject(2, UUID.class));
          written.add(new Written(keys.getLong(1), row.message()));
          aggregates.add(row.aggregateId());
        }
      }
    }
    rows.clear();
    return aggregates;
  }

  /** The rows flushed so far, with their outbox ids. */
  List<Written> written() {
    return written;
  }

  /** A row in the outbox table and the message it carries. */
  record Written(long id, OutboundMessage message) {}

  private record Row(UUID messageId, UUID aggregateId, OutboundMessage message) {}
}
