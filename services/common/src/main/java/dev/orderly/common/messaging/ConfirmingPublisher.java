package dev.orderly.common.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.orderly.contracts.MessageHeaders;
import dev.orderly.contracts.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes on one confirm-mode channel and settles each message when the broker answers: ack on a
 * confirm, nack on a broker nack, a return (unroutable) or a channel shutdown.
 */
final class ConfirmingPublisher {

  private static final int PERSISTENT = 2;

  private final Channel channel;
  private final ConcurrentNavigableMap<Long, Message<OutboundMessage>> unconfirmed =
      new ConcurrentSkipListMap<>();
  private final Set<String> returned = ConcurrentHashMap.newKeySet();

  ConfirmingPublisher(Channel channel) {
    this.channel = channel;
    try {
      channel.confirmSelect();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot enable publisher confirms", e);
    }
    // A return always precedes the confirm of the same message.
    channel.addReturnListener(r -> returned.add(r.getProperties().getMessageId()));
    channel.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long seqNo, boolean multiple) {
            settle(seqNo, multiple, null);
          }

          @Override
          public void handleNack(long seqNo, boolean multiple) {
            settle(seqNo, multiple, new BrokerRefusedException("broker nacked the message"));
          }
        });
    // Sequence numbers restart on a recovered channel: nothing in flight will be confirmed.
    channel.addShutdownListener(this::failAll);
  }

  /** Publishes one message; called serially by the outgoing channel. */
  synchronized void publish(Message<OutboundMessage> message) {
    OutboundMessage out = message.getPayload();
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(PERSISTENT)
            .messageId(out.messageId())
            .correlationId(out.correlationId())
            .type(out.routingKey())
            .timestamp(new java.util.Date())
            .headers(traceHeaders(out))
            .build();
    long seqNo = channel.getNextPublishSeqNo();
    unconfirmed.put(seqNo, message);
    try {
      channel.basicPublish(Topology.EVENTS_EXCHANGE, out.routingKey(), true, props, out.body());
    } catch (IOException | RuntimeException e) {
      unconfirmed.remove(seqNo);
      message.nack(e);
    }
  }

  private static Map<String, Object> traceHeaders(OutboundMessage out) {
    Map<String, Object> headers = new HashMap<>(2);
    if (out.traceparent() != null) {
      headers.put(MessageHeaders.TRACEPARENT, out.traceparent());
    }
    if (out.tracestate() != null) {
      headers.put(MessageHeaders.TRACESTATE, out.tracestate());
    }
    return headers;
  }

  private void settle(long seqNo, boolean multiple, Throwable failure) {
    Map<Long, Message<OutboundMessage>> done =
        multiple ? unconfirmed.headMap(seqNo, true) : single(seqNo);
    for (var it = done.entrySet().iterator(); it.hasNext(); ) {
      Message<OutboundMessage> message = it.next().getValue();
      it.remove();
      if (failure != null) {
        message.nack(failure);
      } else if (returned.remove(message.getPayload().messageId())) {
        message.nack(
            new BrokerRefusedException(
                "unroutable: no queue bound for " + message.getPayload().routingKey()));
      } else {
        message.ack();
      }
    }
  }

  private Map<Long, Message<OutboundMessage>> single(long seqNo) {
    return unconfirmed.subMap(seqNo, true, seqNo, true);
  }

  private void failAll(ShutdownSignalException cause) {
    settle(Long.MAX_VALUE, true, cause);
  }

  /** The broker did not take responsibility for a message. */
  static final class BrokerRefusedException extends RuntimeException {
    BrokerRefusedException(String message) {
      super(message);
    }
  }
}
