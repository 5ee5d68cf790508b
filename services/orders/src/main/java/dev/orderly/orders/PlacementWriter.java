package dev.orderly.orders;

import dev.orderly.common.concurrent.BatchLoop;
import dev.orderly.common.db.DataAccessException;
import dev.orderly.common.outbox.OutboxTransactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for placements: the orders that requests hand in while a batch is being written go
 * into the database together, in one statement and one commit. Under load this turns hundreds of
 * commits (each a WAL flush and several context switches) into a few dozen; alone, a request waits
 * only for its own statement.
 */
public final class PlacementWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlacementWriter.class);

  private final OutboxTransactions transactions;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers;
  private volatile boolean closed;

  /**
   * @param writers threads writing batches; with two, one collects the next batch while the other
   *     commits (none: the caller drives {@link #write}, as tests do)
   * @param maxBatch most orders in one statement
   */
  public PlacementWriter(OutboxTransactions transactions, int writers, int maxBatch) {
    this.transactions = transactions;
    this.maxBatch = maxBatch;
    this.writers =
        IntStream.range(0, writers)
            .mapToObj(
                i -> Thread.ofPlatform().name("placement-writer-" + i).daemon().start(this::run))
            .toList();
  }

  /**
   * Places {@code order} and returns once it is committed.
   *
   * @return true when it was inserted, false when its customer had used its idempotency key before
   */
  public boolean place(OrderRepository.NewOrder order) {
    Pending pending = new Pending(order, new CompletableFuture<>());
    synchronized (queue) {
      if (closed) {
        throw new IllegalStateException("the order service is stopping");
      }
      queue.add(pending);
    }
    try {
      return pending.placed().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void run() {
    // Once closed, nothing more is queued: the writers drain what is there and stop.
    BatchLoop.run(
        queue,
        maxBatch,
        Duration.ofMillis(100),
        () -> !(closed && queue.isEmpty()),
        this::write,
        LOG);
  }

  /** Writes {@code batch} in one statement and settles each order's future. */
  void write(List<Pending> batch) {
    Set<UUID> placed;
    try {
      // Committed and dispatched on return: the saga's clock is running; the responses follow.
      placed =
          transactions.inOneStatement(
              (connection, outbox) ->
                  OrderRepository.insertPlaced(
                      connection, batch.stream().map(Pending::order).toList(), outbox));
    } catch (DataAccessException e) {
      if (batch.size() > 1 && isAboutTheData(e)) {
        // One order the database refuses must not fail the others: each goes alone.
        batch.forEach(p -> write(List.of(p)));
      } else {
        batch.forEach(p -> p.placed().completeExceptionally(e));
      }
      return;
    }
    batch.forEach(p -> p.placed().complete(placed.contains(p.order().id())));
  }

  // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation) are about a row;
  // anything else (a lost connection, a timeout) would fail each order alone just the same.
  private static boolean isAboutTheData(DataAccessException e) {
    String state = e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** Stops taking orders, writes those already handed in, and stops the writers. */
  @Override
  public void close() {
    synchronized (queue) {
      closed = true;
    }
    for (Thread writer : writers) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** An order handed in, and its outcome. */
  record Pending(OrderRepository.NewOrder order, CompletableFuture<Boolean> placed) {}
}
