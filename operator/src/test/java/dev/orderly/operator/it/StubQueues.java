package dev.orderly.operator.it;

import dev.orderly.operator.autoscaling.QueueReader;
import dev.orderly.operator.autoscaling.QueueSample;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the brokers of the platforms under test, which the API server tests do not run: the
 * test sets each queue's backlog; a queue it has not set answers as an unreachable broker.
 */
final class StubQueues implements QueueReader {

  private final Map<String, Long> backlogs = new ConcurrentHashMap<>();
  private final Map<String, BrokerAccess> accesses = new ConcurrentHashMap<>();

  /**
   * Sets the backlog of {@code queue} on the broker of the platform named shop in {@code
   * namespace}.
   */
  void put(String namespace, String queue, long backlog) {
    backlogs.put(key(brokerUrl(namespace), queue), backlog);
  }

  /** How the operator last asked the broker of the platform named shop in {@code namespace}. */
  BrokerAccess lastAccess(String namespace) {
    return accesses.get(brokerUrl(namespace));
  }

  @Override
  public QueueSample read(BrokerAccess broker, String queue) {
    accesses.put(broker.baseUrl(), broker);
    Long backlog = backlogs.get(key(broker.baseUrl(), queue));
    if (backlog == null) {
      throw new QueueReadException("cannot reach " + broker.baseUrl() + ": ConnectException");
    }
    return new QueueSample(backlog, 0, 1, 0, 0);
  }

  private static String brokerUrl(String namespace) {
    return "http://shop-rabbitmq." + namespace + ".svc:15672";
  }

  private static String key(String baseUrl, String queue) {
    return baseUrl + " " + queue;
  }
}
