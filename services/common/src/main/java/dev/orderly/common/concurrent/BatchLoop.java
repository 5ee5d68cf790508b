package dev.orderly.common.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A worker's loop that takes a queue in batches: it waits for a first item, then takes whatever
 * else is queued (up to a limit), so a batch is as large as the load made it and nobody waits for
 * it to fill.
 */
public final class BatchLoop {

  private BatchLoop() {}

  /**
   * Runs until {@code keepGoing} says no or the thread is interrupted.
   *
   * @param poll how long to wait for a first item before asking {@code keepGoing} again
   * @param process handles one batch; what it throws is logged and the loop goes on
   */
  public static <T> void run(
      BlockingQueue<T> queue,
      int maxBatch,
      Duration poll,
      BooleanSupplier keepGoing,
      Consumer<List<T>> process,
      Logger log) {
    List<T> batch = new ArrayList<>(maxBatch);
    while (keepGoing.getAsBoolean()) {
      try {
        T first = queue.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        process.accept(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The batch's items are the processor's to settle; the worker itself must go on.
        log.error("{} failed unexpectedly", Thread.currentThread().getName(), e);
      } finally {
        batch.clear();
      }
    }
  }
}
