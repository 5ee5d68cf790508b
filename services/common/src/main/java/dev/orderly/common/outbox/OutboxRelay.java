package dev.orderly.common.outbox;

import dev.orderly.common.db.Database;
import dev.orderly.common.db.SqlArrays;
import dev.orderly.common.messaging.OutboundMessage;
import dev.orderly.common.messaging.SagaMessaging;
import dev.orderly.common.observability.ServiceMetrics;
import dev.orderly.common.observability.Tracing;
import dev.orderly.contracts.Topology;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows, two ways.
 *
 * <ul>
 *   <li><b>Dispatch</b>: right after a transaction commits, its rows are published from memory
 *       ({@link #dispatch}); a confirmed row is marked sent by a marker thread, many rows per
 *       statement (or deleted, when {@link OutboxSettings#retention()} keeps no sent rows). Nothing
 *       waits for a polling round, and a row is read back from the table only on failure.
 *   <li><b>Poll</b>: each round claims due rows with {@code FOR UPDATE SKIP LOCKED} (so several
 *       replicas relay side by side without publishing a row twice at once), publishes them, waits
 *       for the broker's confirms and, in the same transaction, marks the confirmed rows sent and
 *       reschedules the others with capped exponential backoff. New rows become due only after
 *       {@link Outbox#DISPATCH_GRACE}, so the poller publishes what a crash, a refused publish or a
 *       missing dispatch left behind, not what a dispatch has in flight.
 * </ul>
 */
public final class OutboxRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration CONFIRM_TIMEOUT = Outbox.DISPATCH_GRACE;
  private static final int MARK_BATCH = 1000;
  // Marking is off the saga's path (the poller leaves a row alone for DISPATCH_GRACE), so the
  // marker gathers confirms this long: one statement and one commit for many rows, where
  // marking each confirm as it came made a third (orders) to two thirds (inventory) of the
  // services' transactions at 700 orders/s.
  private static final Duration MARK_LINGER = Duration.ofMillis(100);
  // A stop in the middle of a burst on busy cores can wait more than a second or two for the
  // broker's last confirms; a row left unmarked is published again by the next process.
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private static final String CLAIM =
      """
            SELECT id, message_id, routing_key, payload, correlation_id, traceparent, tracestate
            FROM outbox
            WHERE sent_at IS NULL AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED""";
  // With no retention a confirmed row is deleted: cheaper for the database than an update that
  // writes a new row version and index entries, and a purge that deletes it later anyway.
  private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY(?)";
  private static final String DELETE_SENT = "DELETE FROM outbox WHERE id = ANY(?)";
  // 100 ms doubling per attempt, capped at 30 s.
  private static final String RESCHEDULE =
      """
            UPDATE outbox SET attempts = attempts + 1, last_error = ?,
              next_attempt_at = now() + least(interval '30 seconds', interval '100 milliseconds' * power(2, attempts))
            WHERE id = ANY(?)""";
  private static final String BACKLOG =
      """
            SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)
            FROM outbox WHERE sent_at IS NULL""";
  private static final String PURGE_OUTBOX =
      "DELETE FROM outbox WHERE sent_at < now() - ?::interval";
  private static final String PURGE_INBOX =
      "DELETE FROM inbox WHERE received_at < now() - ?::interval";

  private final Database database;
  private final SagaMessaging messaging;
  private final OutboxSettings settings;
  private final String markSent;
  private final BlockingQueue<Long> confirmed = new LinkedBlockingQueue<>();
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestAgeMillis = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<Thread> pollers = new ArrayList<>();
  private final Thread marker;
  private volatile boolean running = true;
  private volatile boolean marking = true;

  public OutboxRelay(Database database, SagaMessaging messaging, OutboxSettings settings) {
    this.database = database;
    this.messaging = messaging;
    this.settings = settings;
    this.markSent = settings.retention().isZero() ? DELETE_SENT : MARK_SENT;
    ServiceMetrics.gauge(
        "orderly_outbox_backlog", "Outbox rows not yet confirmed by the broker", backlog::get);
    ServiceMetrics.gauge(
        "orderly_outbox_oldest_age_seconds",
        "Age of the oldest unsent outbox row",
        () -> oldestAgeMillis.get() / 1000.0);
    for (int i = 0; i < settings.relayThreads(); i++) {
      boolean housekeeper = i == 0;
      pollers.add(
          Thread.ofPlatform().name("outbox-relay-" + i).daemon().start(() -> run(housekeeper)));
    }
    marker = Thread.ofPlatform().name("outbox-marker").daemon().start(this::markConfirmed);
  }

  /**
   * Publishes the rows {@code committed} wrote, now; call it once the transaction that flushed them
   * has committed. Returns without waiting for the broker. Once the relay is closing it publishes
   * nothing: its marker may be gone, and a row published but never marked would be published again
   * by the next process's poller, which now publishes it once.
   */
  public void dispatch(Outbox committed) {
    for (Outbox.Written row : committed.written()) {
      // Counted before the check, and close() clears running before it waits for the count:
      // either this sees the relay closing or close() waits for this message's confirm.
      inFlight.incrementAndGet();
      if (!running) {
        inFlight.decrementAndGet();
        return;
      }
      publish(row.message())
          .whenComplete(
              (ignored, error) -> {
                if (error == null) {
                  confirmed.add(row.id());
                } else {
                  // The row stays unsent: the poller publishes it once its grace is over.
                  ServiceMetrics.outboxPublishFailed(1);
                  LOG.warn(
                      "{} {} not confirmed ({}); the relay retries it",
                      row.message().routingKey(),
                      row.message().messageId(),
                      error.toString());
                }
                inFlight.decrementAndGet();
              });
    }
  }

  /**
   * Hands {@code message} to the broker in a PRODUCER span (a child of the span that wrote it, and
   * the parent its consumer continues) that ends with the broker's answer; the future completes on
   * its confirm, or fails on a refusal.
   */
  private CompletableFuture<Void> publish(OutboundMessage message) {
    Span span =
        Tracing.tracer()
            .spanBuilder("publish " + message.routingKey())
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(message.traceContext())
            .setAttribute("messaging.system", "rabbitmq")
            .setAttribute("messaging.operation.type", "send")
            .setAttribute("messaging.destination.name", Topology.EVENTS_EXCHANGE)
            .setAttribute("messaging.rabbitmq.destination.routing_key", message.routingKey())
            .setAttribute("messaging.message.id", message.messageId())
            .startSpan();
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    messaging.publish(
        Message.of(
            message.tracedBy(span.getSpanContext()),
            () -> {
              span.end();
              confirmed.complete(null);
              return CompletableFuture.completedFuture(null);
            },
            error -> {
              span.setStatus(StatusCode.ERROR, error.toString());
              span.end();
              confirmed.completeExceptionally(error);
              return CompletableFuture.completedFuture(null);
            }));
    return confirmed;
  }

  /**
   * Marks dispatched rows sent, all the confirms that arrived within {@link #MARK_LINGER} per
   * statement.
   */
  private void markConfirmed() {
    List<Long> batch = new ArrayList<>();
    while (marking || !batch.isEmpty() || !confirmed.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Long first = confirmed.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          // A full batch waiting already gains nothing from lingering.
          if (marking && confirmed.size() < MARK_BATCH - 1) {
            Thread.sleep(MARK_LINGER);
          }
        }
        confirmed.drainTo(batch, MARK_BATCH - batch.size());
        database.inTransaction(
            tx -> {
              update(tx, markSent, null, batch);
              return null;
            });
        ServiceMetrics.outboxPublished(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Kept for the next attempt; were the process to stop first, the poller would
        // publish these rows again and the consumers' inboxes drop the duplicates.
        LOG.warn("cannot mark {} outbox rows sent: {}", batch.size(), e.toString());
        if (!marking) {
          return;
        }
        sleepQuietly(settings.pollInterval());
      }
    }
  }

  private void run(boolean housekeeper) {
    long nextHousekeeping = 0;
    while (running) {
      try {
        Thread.sleep(settings.pollInterval());
        while (running && relayOnce() == settings.batchSize()) {
          // A full batch: more rows are probably waiting.
        }
        if (housekeeper && System.nanoTime() > nextHousekeeping) {
          housekeeping();
          nextHousekeeping = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("outbox relay round failed: {}", e.toString());
        sleepQuietly(settings.pollInterval());
      }
    }
  }

  /** One claim-publish-confirm-mark round; returns how many rows it claimed. */
  int relayOnce() {
    return database.inTransaction(
        tx -> {
          List<Row> rows = claim(tx);
          if (rows.isEmpty()) {
            return 0;
          }
          List<CompletableFuture<Void>> confirms = new ArrayList<>(rows.size());
          for (Row row : rows) {
            confirms.add(publish(row.message()));
          }
          awaitQuietly(CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)));
          List<Long> sent = new ArrayList<>();
          List<Long> failed = new ArrayList<>();
          String lastError = null;
          for (int i = 0; i < rows.size(); i++) {
            CompletableFuture<Void> c = confirms.get(i);
            if (c.isDone() && !c.isCompletedExceptionally()) {
              sent.add(rows.get(i).id());
            } else {
              failed.add(rows.get(i).id());
              lastError =
                  c.isDone() ? c.exceptionNow().toString() : "no confirm within " + CONFIRM_TIMEOUT;
            }
          }
          update(tx, markSent, null, sent);
          update(tx, RESCHEDULE, lastError, failed);
          ServiceMetrics.outboxPublished(sent.size());
          if (!failed.isEmpty()) {
            ServiceMetrics.outboxPublishFailed(failed.size());
            LOG.warn(
                "{} outbox messages not confirmed, retrying with backoff: {}",
                failed.size(),
                lastError);
          }
          return rows.size();
        });
  }

  private List<Row> claim(Connection tx) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = tx.prepareStatement(CLAIM)) {
      ps.setInt(1, settings.batchSize());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getLong(1),
                  new OutboundMessage(
                      rs.getString(2),
                      rs.getString(3),
                      rs.getBytes(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7))));
        }
      }
    }
    return rows;
  }

  private static void update(Connection tx, String sql, String error, List<Long> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      int i = 1;
      if (error != null) {
        ps.setString(i++, error);
      }
      SqlArrays.bind(ps, i, "bigint", ids);
      ps.executeUpdate();
    }
  }

  private void housekeeping() {
    database.inTransaction(
        tx -> {
          try (PreparedStatement ps = tx.prepareStatement(BACKLOG);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            backlog.set(rs.getLong(1));
            oldestAgeMillis.set((long) (rs.getDouble(2) * 1000));
          }
          if (!settings.retention().isZero()) {
            purge(tx, PURGE_OUTBOX, settings.retention());
          }
          purge(tx, PURGE_INBOX, settings.inboxRetention());
          return null;
        });
  }

  private static void purge(Connection tx, String sql, Duration retention) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(sql)) {
      ps.setString(1, retention.toMillis() + " milliseconds");
      ps.executeUpdate();
    }
  }

  private static void awaitQuietly(CompletableFuture<Void> all) {
    try {
      all.get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Each row's own future tells what happened to it.
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the poller, then lets the dispatched messages' confirms arrive (for up to {@link
   * #CLOSE_GRACE}) and marks them, so a clean stop leaves no row to publish twice.
   */
  @Override
  public void close() {
    running = false;
    pollers.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      sleepQuietly(Duration.ofMillis(10));
    }
    marking = false;
    try {
      marker.join(CLOSE_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Row(long id, OutboundMessage message) {}
}
