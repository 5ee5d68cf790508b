package dev.orderly.operator.reconciler;

import dev.orderly.contracts.Topology;
import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.api.v1alpha1.QueueStatus;
import dev.orderly.operator.autoscaling.QueueReader;
import dev.orderly.operator.autoscaling.QueueReader.BrokerAccess;
import dev.orderly.operator.autoscaling.QueueReader.QueueReadException;
import dev.orderly.operator.autoscaling.QueueSample;
import dev.orderly.operator.health.OutboxReader;
import dev.orderly.operator.health.OutboxReader.OutboxReadException;
import dev.orderly.operator.health.OutboxReader.OutboxSample;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.Labels;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads, at most once per interval, each saga service's messaging for {@code status.queues}: its
 * queue and dead-letter queue on the platform's own broker, and its outbox from the metrics of one
 * of its ready pods. Warning Events {@code DeadLetters} when a dead-letter queue grows and {@code
 * OutboxStale} when a service stops getting its events out. An external broker's queues are not
 * read (its management API is not the operator's to use); the outbox is the service's own.
 */
final class QueueHealth {

  /** The consumer queues, by the service consuming them. */
  private static final Map<Component, Topology.Queue> CONSUMERS =
      Map.of(
          Component.ORDERS,
          Topology.ORDERS_STOCK_EVENTS,
          Component.INVENTORY,
          Topology.INVENTORY_ORDER_EVENTS);

  private record Reading(Instant at, Map<String, QueueStatus> queues) {}

  /**
   * An outbox row this old means the service cannot publish (the alert OrderlyOutboxStale's
   * threshold too).
   */
  static final Duration STALE_OUTBOX = Duration.ofSeconds(60);

  private final QueueReader reader;
  private final OutboxReader outboxes;
  private final PlatformEvents events;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Reading> readings = new ConcurrentHashMap<>();

  QueueHealth(
      QueueReader reader,
      OutboxReader outboxes,
      PlatformEvents events,
      Clock clock,
      Duration interval) {
    this.reader = reader;
    this.outboxes = outboxes;
    this.events = events;
    this.clock = clock;
    this.interval = interval;
  }

  /** Drops the readings of platforms whose uid is not in {@code live} (deleted). */
  void forgetAllBut(Set<String> live) {
    readings.keySet().retainAll(live);
  }

  /** How often a platform with its own broker is re-read. */
  Duration interval() {
    return interval;
  }

  /**
   * The messaging of each saga service by its id; null when this reconciliation read nothing new
   * (the status keeps what it had).
   */
  Map<String, QueueStatus> read(
      OrderPlatform platform, PlatformModel model, Context<OrderPlatform> context) {
    String key = platform.getMetadata().getUid();
    Instant now = clock.instant();
    Reading last = readings.get(key);
    if (last != null && Duration.between(last.at(), now).compareTo(interval) < 0) {
      return null;
    }
    Map<String, QueueStatus> previous =
        last != null
            ? last.queues()
            : Optional.ofNullable(platform.getStatus())
                .map(OrderPlatformStatus::queues)
                .orElse(Map.of());
    Map<String, QueueStatus> queues = new LinkedHashMap<>();
    for (Component consumer : new Component[] {Component.ORDERS, Component.INVENTORY}) {
      QueueStatus status = read(model, context, consumer);
      queues.put(consumer.id(), status);
      announceDeadLetters(platform, consumer, previous.get(consumer.id()), status);
      announceStaleOutbox(platform, consumer, previous.get(consumer.id()), status);
    }
    readings.put(key, new Reading(now, queues));
    return queues;
  }

  private QueueStatus read(
      PlatformModel model, Context<OrderPlatform> context, Component consumer) {
    Topology.Queue queue = CONSUMERS.get(consumer);
    List<String> problems = new ArrayList<>();
    QueueSample consumed = null;
    QueueSample dead = null;
    if (model.rabbitmq().isManaged()) {
      try {
        BrokerAccess broker = BrokerAccesses.of(model, context);
        consumed = reader.read(broker, queue.name());
        dead = reader.read(broker, queue.deadLetterQueue());
      } catch (QueueReadException e) {
        problems.add("Cannot read the queues: " + e.getMessage());
      }
    }
    OutboxSample outbox = null;
    Optional<String> podIp =
        readyPodIp(context.getSecondaryResources(Pod.class), model.platform().name(), consumer);
    if (podIp.isEmpty()) {
      problems.add("No ready " + consumer.id() + " pod to read the outbox from");
    } else {
      try {
        outbox = outboxes.read(podIp.get());
      } catch (OutboxReadException e) {
        problems.add("Cannot read the outbox: " + e.getMessage());
      }
    }
    return new QueueStatus(
        queue.name(),
        consumed == null ? null : consumed.backlog(),
        consumed == null ? null : consumed.consumers(),
        dead == null ? null : dead.backlog(),
        outbox == null ? null : outbox.backlog(),
        outbox == null ? null : (long) Math.floor(outbox.oldestAgeSeconds()),
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  /**
   * The address of one ready pod of {@code service}, the first by name (the same pod while it stays
   * ready).
   */
  static Optional<String> readyPodIp(Collection<Pod> pods, String platform, Component service) {
    return pods.stream()
        .filter(pod -> Labels.isOf(pod, service.id(), platform))
        .filter(
            pod ->
                pod.getMetadata().getDeletionTimestamp() == null
                    && pod.getStatus() != null
                    && pod.getStatus().getPodIP() != null
                    && pod.getStatus().getConditions() != null
                    && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .min(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .map(pod -> pod.getStatus().getPodIP());
  }

  private void announceStaleOutbox(
      OrderPlatform platform, Component service, QueueStatus before, QueueStatus now) {
    long stale = STALE_OUTBOX.toSeconds();
    boolean wasStale =
        before != null
            && before.outboxOldestAgeSeconds() != null
            && before.outboxOldestAgeSeconds() >= stale;
    if (now.outboxOldestAgeSeconds() != null
        && now.outboxOldestAgeSeconds() >= stale
        && !wasStale) {
      events.warning(
          platform,
          "OutboxStale",
          service.id()
              + " has "
              + now.outboxBacklog()
              + " events not yet sent, the oldest "
              + now.outboxOldestAgeSeconds()
              + " s old: it cannot publish to RabbitMQ (see its log); orders are accepted but do not move on");
    }
  }

  private void announceDeadLetters(
      OrderPlatform platform, Component consumer, QueueStatus before, QueueStatus now) {
    long was = before == null || before.deadLetters() == null ? 0 : before.deadLetters();
    if (now.deadLetters() != null && now.deadLetters() > was && !Objects.equals(before, now)) {
      events.warning(
          platform,
          "DeadLetters",
          now.queue()
              + ".dlq holds "
              + now.deadLetters()
              + " messages "
              + consumer.id()
              + " could not handle"
              + " (was "
              + was
              + "); see and replay them with /admin/dead-letters on "
              + consumer.id());
    }
  }
}
