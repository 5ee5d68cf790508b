package dev.orderly.common.inbox;

import dev.orderly.common.concurrent.BatchLoop;
import dev.orderly.common.db.SqlArrays;
import dev.orderly.common.messaging.Deliveries;
import dev.orderly.common.messaging.InboundMessage;
import dev.orderly.common.observability.ServiceMetrics;
import dev.orderly.common.observability.Tracing;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.common.outbox.OutboxTransactions;
import dev.orderly.contracts.EventCodec;
import dev.orderly.contracts.SagaEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes deliveries with effectively-once effects. Deliveries that arrive together are applied in
 * one transaction (group commit): each is first recorded in the inbox as {@code (consumer,
 * message_id)}, a duplicate is skipped, the handler applies the rest, and only after the commit are
 * the deliveries acknowledged, together. When a batch fails, its messages are retried one by one so
 * a single bad message cannot hold the others back; a message that still fails is returned to the
 * queue after a backoff, and dead-lettered by the broker after its delivery limit.
 */
public final class InboxConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InboxConsumer.class);
  private static final String RECORD =
      """
            INSERT INTO inbox (consumer, message_id, routing_key)
            SELECT ?, m.id, m.key FROM unnest(?::uuid[], ?::text[]) AS m(id, key)
            ON CONFLICT DO NOTHING RETURNING message_id""";

  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final String consumer;
  private final OutboxTransactions transactions;
  private final EventHandler handler;
  private final int deliveryLimit;
  private final int maxBatch;
  private final BlockingQueue<Message<InboundMessage>> pending = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("inbox-retry").daemon().factory());
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param consumer inbox consumer name (the queue)
   * @param transactions where batches are applied; what a batch writes is published on commit
   * @param deliveryLimit the queue's delivery limit, to report dead-lettering
   * @param workers batches applied at once: while one waits for its commit, the next one is built
   *     (handlers lock rows in a fixed order, so batches cannot deadlock)
   * @param prefetch the broker's window of unacknowledged deliveries; a batch takes at most its
   *     worker's share, so the workers between them can hold the whole window
   */
  public InboxConsumer(
      String consumer,
      OutboxTransactions transactions,
      EventHandler handler,
      int deliveryLimit,
      int workers,
      int prefetch) {
    this.consumer = consumer;
    this.transactions = transactions;
    this.handler = handler;
    this.deliveryLimit = deliveryLimit;
    this.maxBatch = Math.max(1, prefetch / workers);
    for (int i = 0; i < workers; i++) {
      this.workers.add(
          Thread.ofPlatform().name("inbox-" + consumer + "-" + i).daemon().start(this::run));
    }
  }

  /** Accepts a delivery from the incoming channel. */
  public void accept(Message<InboundMessage> delivery) {
    pending.add(delivery);
  }

  private void run() {
    BatchLoop.run(
        pending, maxBatch, Duration.ofMillis(500), () -> running, this::processBatch, LOG);
  }

  private void processBatch(List<Message<InboundMessage>> batch) {
    List<Decoded> decoded = new ArrayList<>(batch.size());
    for (Message<InboundMessage> delivery : batch) {
      Span span = consumerSpan(delivery.getPayload());
      try {
        decoded.add(decode(delivery, span));
      } catch (RuntimeException e) {
        fail(delivery, span, e);
      }
    }
    if (decoded.isEmpty()) {
      return;
    }
    try {
      Applied applied = applyAll(decoded);
      ServiceMetrics.batchApplied(consumer, decoded.size());
      settle(decoded, applied);
    } catch (RuntimeException batchFailure) {
      if (decoded.size() > 1) {
        LOG.debug(
            "batch of {} failed ({}); applying one by one",
            decoded.size(),
            batchFailure.toString());
      }
      for (Decoded one : decoded) {
        try {
          settle(List.of(one), applyAll(List.of(one)));
        } catch (RuntimeException e) {
          fail(one.delivery(), one.span(), e);
        }
      }
    }
  }

  /**
   * The delivery's CONSUMER span, continuing the publisher's trace: from the batch that takes it to
   * its acknowledgement (or failure).
   */
  private Span consumerSpan(InboundMessage m) {
    return Tracing.tracer()
        .spanBuilder("process " + m.routingKey())
        .setSpanKind(SpanKind.CONSUMER)
        .setParent(Tracing.extract(m.traceparent(), m.tracestate()))
        .setAttribute("messaging.system", "rabbitmq")
        .setAttribute("messaging.operation.type", "process")
        .setAttribute("messaging.destination.name", consumer)
        .setAttribute("messaging.rabbitmq.destination.routing_key", m.routingKey())
        .setAttribute("messaging.message.id", String.valueOf(m.messageId()))
        .setAttribute("messaging.rabbitmq.message.delivery_count", m.deliveryCount())
        .startSpan();
  }

  /**
   * Applies the events in one transaction; returns per event whether it was new (not a duplicate).
   * Each event gets a span for this attempt at its transaction, a child of its delivery's span.
   */
  private Applied applyAll(List<Decoded> events) {
    List<Span> spans = new ArrayList<>(events.size());
    for (Decoded d : events) {
      spans.add(
          Tracing.tracer()
              .spanBuilder("apply " + d.routingKey())
              .setParent(Context.root().with(d.span()))
              .setAttribute(Tracing.ORDER_ID, d.event().orderId().toString())
              .setAttribute("orderly.batch.size", events.size())
              .startSpan());
    }
    try {
      Applied applied =
          transactions.inTransaction((tx, outbox) -> applyAll(tx, outbox, events, spans));
      for (int i = 0; i < spans.size(); i++) {
        spans.get(i).setAttribute("orderly.inbox.duplicate", !applied.fresh().get(i));
      }
      return applied;
    } catch (RuntimeException e) {
      spans.forEach(span -> span.setStatus(StatusCode.ERROR, e.toString()));
      throw e;
    } finally {
      spans.forEach(Span::end);
    }
  }

  private Applied applyAll(Connection tx, Outbox outbox, List<Decoded> events, List<Span> spans)
      throws SQLException {
    Set<UUID> recorded = record(tx, events);
    List<Boolean> fresh = new ArrayList<>(events.size());
    List<IncomingEvent> toApply = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Decoded d = events.get(i);
      // remove(): a message twice in one batch is applied once.
      boolean isNew = recorded.remove(d.messageId());
      fresh.add(isNew);
      if (isNew) {
        toApply.add(
            new IncomingEvent(
                d.event(),
                d.delivery().getPayload().messageId(),
                d.correlationId(),
                spans.get(i).getSpanContext()));
      } else {
        LOG.info(
            "skipping duplicate {} {} for order {}",
            d.routingKey(),
            d.messageId(),
            d.event().orderId());
      }
    }
    if (!toApply.isEmpty()) {
      handler.handle(tx, toApply, outbox);
    }
    return new Applied(fresh);
  }

  /** Records the batch in the inbox in one statement; returns the message ids that were new. */
  private Set<UUID> record(Connection tx, List<Decoded> events) throws SQLException {
    try (PreparedStatement ps = tx.prepareStatement(RECORD)) {
      ps.setString(1, consumer);
      SqlArrays.bind(ps, 2, "uuid", events, Decoded::messageId);
      SqlArrays.bind(ps, 3, "text", events, Decoded::routingKey);
      Set<UUID> recorded = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          recorded.add(rs.getObject(1, UUID.class));
        }
      }
      return recorded;
    }
  }

  private void settle(List<Decoded> events, Applied applied) {
    Deliveries.ackAll(events.stream().map(Decoded::delivery).toList());
    for (int i = 0; i < events.size(); i++) {
      ServiceMetrics.messageHandled(consumer, applied.fresh().get(i) ? "processed" : "duplicate");
      events.get(i).span().end();
    }
  }

  private void fail(Message<InboundMessage> delivery, Span span, Throwable error) {
    span.setStatus(StatusCode.ERROR, error.toString());
    span.end();
    InboundMessage m = delivery.getPayload();
    // A quorum queue dead-letters a message once it was returned more than its delivery limit.
    long attempt = m.deliveryCount() + 1;
    long allowed = deliveryLimit + 1L;
    if (attempt >= allowed) {
      LOG.error(
          "{} {} failed on its last attempt ({} of {}); the broker dead-letters it: {}",
          m.routingKey(),
          m.messageId(),
          attempt,
          allowed,
          error.toString());
      ServiceMetrics.messageHandled(consumer, "dead_lettered");
      delivery.nack(error);
      return;
    }
    long backoffMillis = Math.min(5_000, 100L << Math.min(attempt, 10));
    LOG.warn(
        "{} {} failed on attempt {} of {}; retrying in {} ms: {}",
        m.routingKey(),
        m.messageId(),
        attempt,
        allowed,
        backoffMillis,
        error.toString());
    ServiceMetrics.messageHandled(consumer, "retried");
    retries.schedule(() -> delivery.nack(error), backoffMillis, TimeUnit.MILLISECONDS);
  }

  private static Decoded decode(Message<InboundMessage> delivery, Span span) {
    InboundMessage m = delivery.getPayload();
    if (m.messageId() == null) {
      throw new EventCodec.MalformedEventException("message without message id");
    }
    UUID messageId;
    try {
      messageId = UUID.fromString(m.messageId());
    } catch (IllegalArgumentException e) {
      throw new EventCodec.MalformedEventException("message id is not a UUID: " + m.messageId());
    }
    String correlationId = m.correlationId() == null ? m.messageId() : m.correlationId();
    return new Decoded(
        delivery,
        EventCodec.decode(m.routingKey(), m.body()),
        messageId,
        m.routingKey(),
        correlationId,
        span);
  }

  /**
   * Stops taking batches and lets the ones in progress finish (for up to {@link #CLOSE_GRACE}):
   * each commits (which dispatches what it wrote) and acknowledges, so it is published before the
   * relay stops. Not interrupted, so a batch is not failed halfway by its own shutdown.
   */
  @Override
  public void close() {
    running = false;
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    for (Thread worker : workers) {
      try {
        worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.forEach(Thread::interrupt);
    retries.shutdownNow();
  }

  private record Applied(List<Boolean> fresh) {}

  private record Decoded(
      Message<InboundMessage> delivery,
      SagaEvent event,
      UUID messageId,
      String routingKey,
      String correlationId,
      Span span) {}
}
