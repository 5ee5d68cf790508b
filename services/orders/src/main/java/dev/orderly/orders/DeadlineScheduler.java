package dev.orderly.orders;

import dev.orderly.common.db.Database;
import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.observability.Tracing;
import dev.orderly.common.outbox.Outbox;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels PENDING orders past their deadline with reason TIMEOUT. Safe with several replicas: each
 * scan claims expired orders with {@code FOR UPDATE SKIP LOCKED}, so an order is expired once.
 */
public final class DeadlineScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadlineScheduler.class);
  private static final int BATCH = 200;

  private final Database database;
  private final Consumer<Outbox> outboxCommitted;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("deadline-scheduler").daemon().factory());

  public DeadlineScheduler(Database database, Consumer<Outbox> outboxCommitted, Duration interval) {
    this.database = database;
    this.outboxCommitted = outboxCommitted;
    timer.scheduleWithFixedDelay(
        this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void scanSafely() {
    try {
      while (expireBatch() == BATCH) {
        // A full batch: there may be more.
      }
    } catch (RuntimeException e) {
      LOG.warn("deadline scan failed: {}", e.toString());
    }
  }

  /** Expires up to one batch of orders; returns how many it expired. */
  int expireBatch() {
    Outbox outbox = new Outbox();
    int expired =
        database.inTransaction(
            tx -> {
              var claimed = OrderRepository.claimExpired(tx, BATCH);
              OrderWrites writes = new OrderWrites(outbox);
              claimed.forEach(
                  (order, correlationId) -> {
                    // A trace of its own: nothing the order's placement started is still waiting.
                    Span span =
                        Tracing.tracer()
                            .spanBuilder("expire order")
                            .setNoParent()
                            .setAttribute(Tracing.ORDER_ID, order.id().toString())
                            .startSpan();
                    try (RequestContext.Scope ignored = RequestContext.open(correlationId, span)) {
                      var decision =
                          OrderSaga.decide(
                              order.id(),
                              order.status(),
                              order.cancelReason(),
                              new OrderSaga.Trigger.DeadlinePassed());
                      writes.record(order, decision, correlationId, span.getSpanContext());
                      LOG.info(
                          "order {} cancelled: deadline {} passed", order.id(), order.deadline());
                    } finally {
                      span.end();
                    }
                  });
              writes.flush(tx);
              return claimed.size();
            });
    outboxCommitted.accept(outbox);
    return expired;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
