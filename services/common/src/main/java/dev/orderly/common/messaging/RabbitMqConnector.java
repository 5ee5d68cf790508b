package dev.orderly.common.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import dev.orderly.contracts.MessageHeaders;
import io.helidon.common.reactive.BufferedEmittingPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.microprofile.reactive.messaging.spi.IncomingConnectorFactory;
import org.eclipse.microprofile.reactive.messaging.spi.OutgoingConnectorFactory;
import org.eclipse.microprofile.reactive.streams.operators.PublisherBuilder;
import org.eclipse.microprofile.reactive.streams.operators.ReactiveStreams;
import org.eclipse.microprofile.reactive.streams.operators.SubscriberBuilder;
import org.reactivestreams.FlowAdapters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Helidon Messaging connector for RabbitMQ on amqp-client.
 *
 * <p>Incoming channels ({@code queue} property) consume with manual acknowledgement and a prefetch
 * window: a message's {@code ack()} acknowledges the delivery ({@link Deliveries#ackAll} a batch of
 * them), its {@code nack()} returns it to the queue (which counts towards the quorum queue's
 * delivery limit). Outgoing channels publish persistent, mandatory messages on the events exchange
 * with publisher confirms: a message's own ack runs when the broker confirmed it, its nack when the
 * broker refused or returned it or the channel broke first.
 */
@Connector(RabbitMqConnector.NAME)
public final class RabbitMqConnector implements IncomingConnectorFactory, OutgoingConnectorFactory {

  /** Name channels use in their {@code connector} property. */
  public static final String NAME = "orderly-rabbitmq";

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqConnector.class);

  private final BrokerConnection connection;
  private final RabbitMqSettings settings;

  public RabbitMqConnector(BrokerConnection connection, RabbitMqSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  @Override
  public PublisherBuilder<Message<InboundMessage>> getPublisherBuilder(Config config) {
    String queue = config.getValue("queue", String.class);
    int prefetch = config.getOptionalValue("prefetch", Integer.class).orElse(settings.prefetch());
    BufferedEmittingPublisher<Message<InboundMessage>> deliveries =
        BufferedEmittingPublisher.create();
    Channel channel = connection.openChannel();
    DeliveryAcks acks = new DeliveryAcks(channel);
    try {
      channel.basicQos(prefetch);
      channel.basicConsume(
          queue,
          false,
          new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
              acks.delivered(envelope.getDeliveryTag());
              deliveries.emit(toMessage(acks, envelope, props, body));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot consume from " + queue, e);
    }
    LOG.info("consuming from {} with prefetch {}", queue, prefetch);
    return ReactiveStreams.fromPublisher(FlowAdapters.toPublisher(deliveries));
  }

  @Override
  public SubscriberBuilder<Message<OutboundMessage>, Void> getSubscriberBuilder(Config config) {
    ConfirmingPublisher publisher = new ConfirmingPublisher(connection.openChannel());
    return ReactiveStreams.<Message<OutboundMessage>>builder().forEach(publisher::publish);
  }

  private static Message<InboundMessage> toMessage(
      DeliveryAcks acks, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    Map<String, Object> headers = new HashMap<>();
    if (props.getHeaders() != null) {
      props
          .getHeaders()
          .forEach((k, v) -> headers.put(k, v instanceof LongString s ? s.toString() : v));
    }
    Object count = headers.get(MessageHeaders.DELIVERY_COUNT);
    InboundMessage inbound =
        new InboundMessage(
            props.getMessageId(),
            props.getCorrelationId(),
            text(headers.get(MessageHeaders.TRACEPARENT)),
            text(headers.get(MessageHeaders.TRACESTATE)),
            envelope.getRoutingKey(),
            body,
            count instanceof Number n ? n.longValue() : 0L,
            Map.copyOf(headers));
    return Deliveries.of(inbound, envelope.getDeliveryTag(), acks);
  }

  // A header another publisher set may be of any type: only text is trace context.
  private static String text(Object header) {
    return header instanceof String s ? s : null;
  }
}
