package dev.orderly.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.orderly.common.testing.LocalInfrastructure;
import dev.orderly.contracts.Topology;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/** The test's own broker connection: publish raw messages, read queue depths, duplicate traffic. */
final class Broker implements AutoCloseable {

  private static final String DUPLICATE_HEADER = "x-orderly-test-duplicate";

  private final Connection connection;
  private final Channel channel;

  Broker() {
    try {
      connection = LocalInfrastructure.brokerFactory().newConnection("integration-tests");
      channel = connection.createChannel();
      channel.confirmSelect();
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("cannot reach RabbitMQ; run hack/infra.sh up", e);
    }
  }

  /** Messages ready in {@code queue}. */
  long depth(String queue) throws IOException {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }

  void purge(String queue) throws IOException {
    channel.queuePurge(queue);
  }

  /** Publishes {@code body} on the events exchange as a well-formed envelope around any body. */
  void publishRaw(String routingKey, byte[] body)
      throws IOException, InterruptedException, TimeoutException {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .messageId(UUID.randomUUID().toString())
            .correlationId("poison-" + UUID.randomUUID())
            .deliveryMode(2)
            .build();
    channel.basicPublish(Topology.EVENTS_EXCHANGE, routingKey, true, props, body);
    channel.waitForConfirmsOrDie(5000);
  }

  /**
   * Taps every saga message and publishes an exact copy (same message id), so each consumer
   * receives everything twice, as after a publisher retry or a redelivery.
   */
  void duplicateEverything() throws IOException {
    Channel tap = connection.createChannel();
    Channel republish = connection.createChannel();
    String queue = tap.queueDeclare("", false, true, true, Map.of()).getQueue();
    tap.queueBind(queue, Topology.EVENTS_EXCHANGE, "#");
    tap.basicConsume(
        queue,
        true,
        new DefaultConsumer(tap) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
              throws IOException {
            Map<String, Object> headers =
                props.getHeaders() == null ? new HashMap<>() : new HashMap<>(props.getHeaders());
            if (headers.containsKey(DUPLICATE_HEADER)) {
              return;
            }
            headers.put(DUPLICATE_HEADER, true);
            republish.basicPublish(
                Topology.EVENTS_EXCHANGE,
                envelope.getRoutingKey(),
                props.builder().headers(headers).build(),
                body);
          }
        });
  }

  @Override
  public void close() throws IOException {
    connection.close();
  }
}
