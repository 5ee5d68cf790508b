package dev.orderly.operator.model;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The saga topology the broker is provisioned with. Mirrors services/contracts {@code Topology} and
 * services/common {@code TopologyDeclarer} exactly: the services re-declare it at start-up, and a
 * declaration with different arguments fails with PRECONDITION_FAILED.
 */
public final class BrokerTopology {

  public static final String EVENTS_EXCHANGE = "orderly.events";
  public static final String DEAD_LETTER_EXCHANGE = "orderly.dlx";
  /** Deliveries before a message is dead-lettered; also set as RABBITMQ_DELIVERY_LIMIT. */
  public static final int DELIVERY_LIMIT = 5;

  /** The consumer queues and the routing-key pattern each is bound with. */
  public static final List<Queue> QUEUES =
      List.of(new Queue("inventory.order-events", "order.*"), new Queue("orders.stock-events", "stock.*"));

  private BrokerTopology() {}

  /**
   * A quorum queue bound to the events exchange, dead-lettering to {@code <name>.dlq} through the
   * dead-letter exchange with its own name as routing key.
   */
  public record Queue(String name, String binding) {

    /** The queue receiving this queue's dead letters. */
    public String deadLetterQueue() {
      return name + ".dlq";
    }
  }

  /**
   * A permission regex matching exactly the topology's exchanges and queues: the services declare
   * the whole topology, so each needs configure/write/read on all of it, and on nothing else.
   */
  public static String permissionPattern() {
    return Stream.concat(
            Stream.of(EVENTS_EXCHANGE, DEAD_LETTER_EXCHANGE),
            QUEUES.stream().flatMap(queue -> Stream.of(queue.name(), queue.deadLetterQueue())))
        .map(Pattern::quote)
        .collect(Collectors.joining("|", "^(", ")$"));
  }
}
