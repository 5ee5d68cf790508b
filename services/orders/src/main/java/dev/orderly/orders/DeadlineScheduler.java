package dev.orderly.orders;

import dev.orderly.common.db.Database;
import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.observability.TraceContext;
import dev.orderly.common.outbox.Outbox;
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

    private final Database database;
    private final Runnable outboxWritten;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("deadline-scheduler").daemon().factory());

    public DeadlineScheduler(Database database, Runnable outboxWritten, Duration interval) {
        this.database = database;
        this.outboxWritten = outboxWritten;
        timer.scheduleWithFixedDelay(this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
        int expired = database.inTransaction(tx -> {
            var claimed = OrderRepository.claimExpired(tx, BATCH);
            Outbox outbox = new Outbox();
            OrderWrites writes = new OrderWrites(outbox);
            claimed.forEach((order, correlationId) -> {
                TraceContext trace = TraceContext.newTrace();
                try (RequestContext.Scope ignored = RequestContext.open(correlationId, trace)) {
                    var decision = OrderSaga.decide(order.id(), order.status(), order.cancelReason(),
                            new OrderSaga.Trigger.DeadlinePassed());
                    writes.record(order, decision, correlationId, trace);
                    LOG.info("order {} cancelled: deadline {} passed", order.id(), order.deadline());
                }
            });
            writes.flush(tx);
            outbox.flush(tx);
            return claimed.size();
        });
        if (expired > 0) {
            outboxWritten.run();
        }
        return expired;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
