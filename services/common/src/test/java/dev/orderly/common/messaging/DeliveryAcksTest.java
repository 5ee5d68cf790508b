package dev.orderly.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.orderly.common.testing.LocalInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Deliveries#ackAll} and {@link DeliveryAcks} on a real quorum queue: a batch's acks settle
 * what they should and never a delivery that is still in progress or was returned.
 */
class DeliveryAcksTest {

  private static final int MESSAGES = 6;

  private Connection connection;
  private Channel admin;
  private String queue;

  @BeforeEach
  void declareAndFill() throws Exception {
    connection = LocalInfrastructure.brokerFactory().newConnection("delivery-acks-it");
    admin = connection.createChannel();
    queue = "orderly-test-acks-" + UUID.randomUUID();
    admin.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
    admin.confirmSelect();
    for (int i = 1; i <= MESSAGES; i++) {
      admin.basicPublish(
          "",
          queue,
          new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
          ("m" + i).getBytes(StandardCharsets.UTF_8));
    }
    admin.waitForConfirmsOrDie(5000);
  }

  @AfterEach
  void delete() throws Exception {
    admin.queueDelete(queue);
    connection.close();
  }

  @Test
  void aBatchAckedTogetherIsSettled() throws Exception {
    Consuming consuming = consume();
    Deliveries.ackAll(consuming.messages(consuming.awaitTags(MESSAGES).keySet()));
    consuming.stop();

    assertThat(remaining(0)).isEmpty();
  }

  @Test
  void aBatchAroundDeliveriesInProgressLeavesThem() throws Exception {
    Consuming consuming = consume();
    Map<Long, String> first = consuming.awaitTags(MESSAGES);
    // 1 and 2 lead the unsettled ones and go as one ack; 5 and 6 lie above 3 and 4, still open.
    Deliveries.ackAll(consuming.messages(List.of(6L, 1L, 5L, 2L)));
    consuming.stop();

    assertThat(remaining(2)).containsExactlyInAnyOrder(first.get(3L), first.get(4L));
  }

  @Test
  void noAckCoversADeliveryStillInProgressOrReturned() throws Exception {
    Consuming consuming = consume();
    Map<Long, String> first = consuming.awaitTags(MESSAGES);
    // Tag 1 is still being worked on, tag 4 failed: the others are acked above and between them.
    Deliveries.ackAll(consuming.messages(List.of(2L, 3L)));
    consuming.messages(List.of(4L)).getFirst().nack(new IllegalStateException("failed"));
    Deliveries.ackAll(consuming.messages(List.of(5L, 6L)));
    Map<Long, String> redelivered = consuming.awaitTags(1);
    assertThat(redelivered.values()).containsExactly(first.get(4L));
    consuming.stop();

    // Closing the channel returns what it had not acknowledged: exactly those two.
    assertThat(remaining(2)).containsExactlyInAnyOrder(first.get(1L), first.get(4L));
  }

  private Consuming consume() throws Exception {
    Channel channel = connection.createChannel();
    DeliveryAcks acks = new DeliveryAcks(channel);
    BlockingQueue<Map.Entry<Long, String>> deliveries = new LinkedBlockingQueue<>();
    channel.basicQos(2 * MESSAGES);
    channel.basicConsume(
        queue,
        false,
        new DefaultConsumer(channel) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            acks.delivered(envelope.getDeliveryTag());
            deliveries.add(
                Map.entry(envelope.getDeliveryTag(), new String(body, StandardCharsets.UTF_8)));
          }
        });
    return new Consuming(channel, acks, deliveries);
  }

  /** The messages left in the queue, drained once {@code expected} are ready (or after 10 s). */
  private TreeSet<String> remaining(int expected) throws Exception {
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> admin.queueDeclarePassive(queue).getMessageCount() == expected);
    } catch (ConditionTimeoutException e) {
      // The drain below shows what is there instead.
    }
    TreeSet<String> left = new TreeSet<>();
    GetResponse response;
    while ((response = admin.basicGet(queue, true)) != null) {
      left.add(new String(response.getBody(), StandardCharsets.UTF_8));
    }
    return left;
  }

  private record Consuming(
      Channel channel, DeliveryAcks acks, BlockingQueue<Map.Entry<Long, String>> deliveries) {

    /** The next {@code count} deliveries, by tag. */
    Map<Long, String> awaitTags(int count) throws InterruptedException {
      Map<Long, String> byTag = new HashMap<>();
      while (byTag.size() < count) {
        Map.Entry<Long, String> next = deliveries.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("delivery %d of %d", byTag.size() + 1, count).isNotNull();
        byTag.put(next.getKey(), next.getValue());
      }
      return byTag;
    }

    /** The deliveries with these tags, as the connector hands them on. */
    List<Message<InboundMessage>> messages(Collection<Long> tags) {
      return tags.stream().map(tag -> Deliveries.of(null, tag, acks)).toList();
    }

    /** Closes the channel, which returns whatever it had not acknowledged. */
    void stop() throws Exception {
      channel.close();
    }
  }
}
