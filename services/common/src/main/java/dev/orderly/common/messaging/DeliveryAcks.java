package dev.orderly.common.messaging;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Settles one consuming channel's deliveries in as few frames as is safe. A quorum queue turns
 * every {@code basic.ack} into a Raft command of its own, and a consumer acknowledges a whole batch
 * after its commit: the batch goes as one multiple ack when no unsettled delivery lies below it,
 * and otherwise the part of it that no unsettled delivery precedes goes as one and the rest one by
 * one (another batch still in progress, or a delivery waiting for its retry backoff).
 */
final class DeliveryAcks {

  private final Channel channel;
  // Delivered, neither acked on the wire nor returned: a multiple ack must not cover these.
  private final ConcurrentSkipListSet<Long> unsettled = new ConcurrentSkipListSet<>();

  DeliveryAcks(Channel channel) {
    this.channel = channel;
    // The broker returns every unacknowledged delivery to the queue when a channel closes, and a
    // recovered channel's tags never cover the old ones: nothing is left to settle.
    channel.addShutdownListener(cause -> unsettled.clear());
  }

  /** Registers a delivery; call before it is handed on, so no multiple ack can overtake it. */
  void delivered(long tag) {
    unsettled.add(tag);
  }

  /**
   * Acknowledges {@code tags}: the run of them at the head of the unsettled ones in one frame, the
   * rest one by one.
   */
  synchronized void ack(Collection<Long> tags) throws IOException {
    List<Long> sorted = new ArrayList<>(tags.size());
    for (Long tag : tags) {
      if (unsettled.contains(tag)) {
        sorted.add(tag);
      }
    }
    if (sorted.isEmpty()) {
      return;
    }
    sorted.sort(null);
    int covered = 0;
    Iterator<Long> lowest = unsettled.iterator();
    while (covered < sorted.size()
        && lowest.hasNext()
        && lowest.next().equals(sorted.get(covered))) {
      covered++;
    }
    try {
      if (covered > 0) {
        channel.basicAck(sorted.get(covered - 1), covered > 1);
      }
      for (int i = covered; i < sorted.size(); i++) {
        channel.basicAck(sorted.get(i), false);
      }
    } finally {
      // Sent or lost with the channel, which then returns them to the queue: settled either way.
      sorted.forEach(unsettled::remove);
    }
  }

  /** Returns a delivery to the queue, at once. */
  void nack(long tag) throws IOException {
    try {
      channel.basicNack(tag, false, true);
    } finally {
      // Only now: until its nack is on the wire, a multiple ack must stop below it.
      unsettled.remove(tag);
    }
  }
}
