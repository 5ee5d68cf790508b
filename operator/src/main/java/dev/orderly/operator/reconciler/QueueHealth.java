package dev.orderly.operator.reconciler;

import dev.orderly.contracts.Topology;
import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.api.v1alpha1.QueueStatus;
import dev.orderly.operator.autoscaling.QueueReader;
import dev.orderly.operator.autoscaling.QueueReader.BrokerAccess;
import dev.orderly.operator.autoscaling.QueueReader.QueueReadException;
import dev.orderly.operator.autoscaling.QueueSample;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads each consumer's queue and dead-letter queue on a platform's own broker, at most once per
 * interval, for {@code status.queues}; a Warning Event {@code DeadLetters} when a dead-letter
 * queue grows. An external broker is not read (its management API is not the operator's to use).
 */
final class QueueHealth {

  /** The consumer queues, by the service consuming them. */
  private static final Map<Component, Topology.Queue> CONSUMERS =
      Map.of(Component.ORDERS, Topology.ORDERS_STOCK_EVENTS, Component.INVENTORY, Topology.INVENTORY_ORDER_EVENTS);

  private record Reading(Instant at, Map<String, QueueStatus> queues) {}

  private final QueueReader reader;
  private final PlatformEvents events;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Reading> readings = new ConcurrentHashMap<>();

  QueueHealth(QueueReader reader, PlatformEvents events, Clock clock, Duration interval) {
    this.reader = reader;
    this.events = events;
    this.clock = clock;
    this.interval = interval;
  }

  /** How often a platform with its own broker is re-read. */
  Duration interval() {
    return interval;
  }

  /**
   * The queues of each consumer service by its id; empty with an external broker, null when this
   * reconciliation read nothing new (the status keeps what it had).
   */
  Map<String, QueueStatus> read(OrderPlatform platform, PlatformModel model, Context<OrderPlatform> context) {
    if (!model.rabbitmq().isManaged()) {
      return Map.of();
    }
    String key = platform.getMetadata().getUid();
    Instant now = clock.instant();
    Reading last = readings.get(key);
    if (last != null && Duration.between(last.at(), now).compareTo(interval) < 0) {
      return null;
    }
    Map<String, QueueStatus> previous = last != null ? last.queues()
        : Optional.ofNullable(platform.getStatus()).map(OrderPlatformStatus::queues).orElse(Map.of());
    Map<String, QueueStatus> queues = new LinkedHashMap<>();
    for (Component consumer : new Component[] {Component.ORDERS, Component.INVENTORY}) {
      QueueStatus status = read(model, context, CONSUMERS.get(consumer));
      queues.put(consumer.id(), status);
      announceDeadLetters(platform, consumer, previous.get(consumer.id()), status);
    }
    readings.put(key, new Reading(now, queues));
    return queues;
  }

  private QueueStatus read(PlatformModel model, Context<OrderPlatform> context, Topology.Queue queue) {
    try {
      BrokerAccess broker = BrokerAccesses.of(model, context);
      QueueSample consumed = reader.read(broker, queue.name());
      QueueSample dead = reader.read(broker, queue.deadLetterQueue());
      return new QueueStatus(queue.name(), consumed.backlog(), consumed.consumers(), dead.backlog(), null);
    } catch (QueueReadException e) {
      return new QueueStatus(queue.name(), null, null, null, "Cannot read the queues: " + e.getMessage());
    }
  }

  private void announceDeadLetters(OrderPlatform platform, Component consumer, QueueStatus before, QueueStatus now) {
    long was = before == null || before.deadLetters() == null ? 0 : before.deadLetters();
    if (now.deadLetters() != null && now.deadLetters() > was && !Objects.equals(before, now)) {
      events.warning(platform, "DeadLetters",
          now.queue() + ".dlq holds " + now.deadLetters() + " messages " + consumer.id() + " could not handle"
              + " (was " + was + "); see and replay them with /admin/dead-letters on " + consumer.id());
    }
  }
}
