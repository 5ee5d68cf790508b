package dev.orderly.operator.model;

import dev.orderly.contracts.Topology;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the operator adds to the services' {@link Topology} when it provisions the broker: the
 * delivery limit the queues are declared with and the permissions of the services' users. The
 * services re-declare the topology at start-up, and a declaration with different arguments fails
 * with PRECONDITION_FAILED, so the names come from the one {@code Topology}.
 */
public final class BrokerTopology {

  /** Deliveries before a message is dead-lettered; also set as RABBITMQ_DELIVERY_LIMIT. */
  public static final int DELIVERY_LIMIT = 5;

  private BrokerTopology() {}

  /**
   * A permission regex matching exactly the topology's exchanges and queues: the services declare
   * the whole topology, so each needs configure/write/read on all of it, and on nothing else.
   */
  public static String permissionPattern() {
    return Stream.concat(
            Stream.of(Topology.EVENTS_EXCHANGE, Topology.DEAD_LETTER_EXCHANGE),
            Topology.QUEUES.stream()
                .flatMap(queue -> Stream.of(queue.name(), queue.deadLetterQueue())))
        .map(Pattern::quote)
        .collect(Collectors.joining("|", "^(", ")$"));
  }
}
