package dev.orderly.common.messaging;

import dev.orderly.contracts.Topology;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.messaging.Channel;
import io.helidon.messaging.Emitter;
import io.helidon.messaging.Messaging;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A service's Helidon Messaging setup through {@link RabbitMqConnector}: the declared topology and
 * an outgoing channel to the events exchange from the start, and an incoming channel from its queue
 * once {@link #consume} is called. Publishing comes first so that whatever handles the first
 * delivery (and publishes its results) can be built before any delivery arrives.
 */
public final class SagaMessaging implements AutoCloseable {

  private final BrokerConnection connection;
  private final RabbitMqSettings settings;
  private final Messaging publishing;
  private final Emitter<OutboundMessage> emitter;
  private Messaging consuming;

  private SagaMessaging(
      BrokerConnection connection,
      RabbitMqSettings settings,
      Messaging publishing,
      Emitter<OutboundMessage> emitter) {
    this.connection = connection;
    this.settings = settings;
    this.publishing = publishing;
    this.emitter = emitter;
  }

  /** Declares the topology and opens the outgoing channel; consumes nothing yet. */
  public static SagaMessaging start(BrokerConnection connection, RabbitMqSettings settings) {
    var declaring = connection.openChannel();
    try {
      TopologyDeclarer.declare(declaring, settings.deliveryLimit());
      declaring.close();
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("cannot declare the broker topology", e);
    }
    Channel<OutboundMessage> outbound =
        Channel.<OutboundMessage>builder()
            .name(Topology.EVENTS_EXCHANGE)
            .subscriberConfig(connectorConfig(Map.of()))
            .build();
    Emitter<OutboundMessage> emitter = Emitter.create(outbound);
    Messaging publishing =
        Messaging.builder()
            .connector(new RabbitMqConnector(connection, settings))
            .emitter(emitter)
            .build()
            .start();
    return new SagaMessaging(connection, settings, publishing, emitter);
  }

  /**
   * Starts consuming {@code queue}; every delivery goes to {@code deliveries}, which must ack or
   * nack it. Call it once, when everything a delivery's handling needs is running.
   */
  public synchronized void consume(
      Topology.Queue queue, Consumer<Message<InboundMessage>> deliveries) {
    if (consuming != null) {
      throw new IllegalStateException("already consuming");
    }
    Channel<InboundMessage> inbound =
        Channel.<InboundMessage>builder()
            .name(queue.name())
            .publisherConfig(connectorConfig(Map.of("queue", queue.name())))
            .build();
    consuming =
        Messaging.builder()
            .connector(new RabbitMqConnector(connection, settings))
            .subscriber(inbound, multi -> multi.forEach(m -> deliveries.accept(cast(m))))
            .build()
            .start();
  }

  /** Hands a message to the outgoing channel; its ack/nack tell whether the broker confirmed it. */
  public void publish(Message<OutboundMessage> message) {
    emitter.send(message);
  }

  @Override
  public synchronized void close() {
    if (consuming != null) {
      consuming.stop();
    }
    publishing.stop();
  }

  private static Config connectorConfig(Map<String, String> properties) {
    var all = new HashMap<>(properties);
    all.put("connector", RabbitMqConnector.NAME);
    return Config.just(ConfigSources.create(all));
  }

  @SuppressWarnings("unchecked")
  private static Message<InboundMessage> cast(Message<? extends InboundMessage> message) {
    return (Message<InboundMessage>) message;
  }
}
