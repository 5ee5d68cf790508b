package dev.orderly.common.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.orderly.contracts.Topology;
import java.io.IOException;
import java.util.Map;

/**
 * Declares the whole saga topology (idempotently): the topic exchange, one quorum queue per
 * consumer with a delivery limit, and the dead-letter exchange with one DLQ per queue.
 */
public final class TopologyDeclarer {

  private TopologyDeclarer() {}

  /** Declares every exchange, queue and binding of {@link Topology}. */
  public static void declare(Channel channel, int deliveryLimit) throws IOException {
    channel.exchangeDeclare(Topology.EVENTS_EXCHANGE, BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(Topology.DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
    for (Topology.Queue queue : Topology.QUEUES) {
      channel.queueDeclare(
          queue.deadLetterQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
      channel.queueBind(queue.deadLetterQueue(), Topology.DEAD_LETTER_EXCHANGE, queue.name());
      channel.queueDeclare(
          queue.name(),
          true,
          false,
          false,
          Map.of(
              "x-queue-type",
              "quorum",
              "x-delivery-limit",
              deliveryLimit,
              "x-dead-letter-exchange",
              Topology.DEAD_LETTER_EXCHANGE,
              // Route dead letters by queue name so each lands in its own DLQ.
              "x-dead-letter-routing-key",
              queue.name()));
      channel.queueBind(queue.name(), Topology.EVENTS_EXCHANGE, queue.binding());
    }
  }
}
