package dev.orderly.orders;

import dev.orderly.common.outbox.OutboxTransactions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels PENDING orders past their deadline with reason TIMEOUT. Safe with several replicas: each
 * scan claims expired orders with {@code FOR UPDATE SKIP LOCKED}, so an order is expired once.
 */
public final class DeadlineScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadlineScheduler.class);
  private static final int BATCH = 200;

  private final OutboxTransactions transactions;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("deadline-scheduler").daemon().factory());

  public DeadlineScheduler(OutboxTransactions transactions, Duration interval) {
    this.transactions = transactions;
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
    return transactions.inTransaction((tx, outbox) -> OrderTransitions.expire(tx, BATCH, outbox));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
