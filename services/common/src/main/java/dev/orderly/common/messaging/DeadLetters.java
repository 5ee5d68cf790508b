package dev.orderly.common.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.orderly.contracts.MessageHeaders;
import dev.orderly.contracts.Topology;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A queue's dead letters: how many there are, and putting them back on the events exchange. */
public final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final BrokerConnection connection;
  private final Topology.Queue queue;

  public DeadLetters(BrokerConnection connection, Topology.Queue queue) {
    this.connection = connection;
    this.queue = queue;
  }

  /** The queue whose dead letters these are. */
  public Topology.Queue queue() {
    return queue;
  }

  /** Messages waiting in the dead-letter queue. */
  public long count() throws IOException {
    try (Channel channel = connection.openChannel()) {
      return channel.queueDeclarePassive(queue.deadLetterQueue()).getMessageCount();
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
  }

  /**
   * Republishes up to {@code limit} dead letters with their original routing key (from the {@code
   * x-death} header); each is removed from the DLQ only after the broker confirmed its copy.
   *
   * @return how many were replayed
   */
  public int replay(int limit) throws IOException, InterruptedException {
    try (Channel channel = connection.openChannel()) {
      channel.confirmSelect();
      int replayed = 0;
      while (replayed < limit) {
        GetResponse letter = channel.basicGet(queue.deadLetterQueue(), false);
        if (letter == null) {
          break;
        }
        channel.basicPublish(
            Topology.EVENTS_EXCHANGE,
            originalRoutingKey(letter),
            true,
            withoutDeathHeaders(letter.getProps()),
            letter.getBody());
        channel.waitForConfirmsOrDie(10_000);
        channel.basicAck(letter.getEnvelope().getDeliveryTag(), false);
        replayed++;
      }
      LOG.warn("replayed {} dead letter(s) from {}", replayed, queue.deadLetterQueue());
      return replayed;
    } catch (TimeoutException e) {
      throw new IOException("the broker did not confirm a replayed message", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static String originalRoutingKey(GetResponse letter) {
    Map<String, Object> headers = letter.getProps().getHeaders();
    if (headers != null
        && headers.get("x-death") instanceof List<?> deaths
        && !deaths.isEmpty()
        && deaths.getFirst() instanceof Map<?, ?> death
        && death.get("routing-keys") instanceof List<?> keys
        && !keys.isEmpty()) {
      return keys.getFirst().toString();
    }
    return letter.getProps().getType();
  }

  private static AMQP.BasicProperties withoutDeathHeaders(AMQP.BasicProperties props) {
    Map<String, Object> headers =
        props.getHeaders() == null ? new HashMap<>() : new HashMap<>(props.getHeaders());
    headers
        .keySet()
        .removeIf(
            k ->
                k.startsWith("x-death")
                    || k.startsWith("x-first-death")
                    || k.startsWith("x-last-death")
                    || k.equals(MessageHeaders.DELIVERY_COUNT));
    return props.builder().headers(headers).build();
  }
}
