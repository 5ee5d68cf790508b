package dev.orderly.common.messaging;

import dev.orderly.contracts.Topology;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.messaging.Channel;
import io.helidon.messaging.Emitter;
import io.helidon.messaging.Messaging;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A service's Helidon Messaging setup: the declared topology, one incoming channel from its
 * queue and one outgoing channel to the events exchange, both through {@link RabbitMqConnector}.
 */
public final class SagaMessaging implements AutoCloseable {

    private final Messaging messaging;
    private final Emitter<OutboundMessage> emitter;

    private SagaMessaging(Messaging messaging, Emitter<OutboundMessage> emitter) {
        this.messaging = messaging;
        this.emitter = emitter;
    }

    /**
     * Declares the topology and starts consuming {@code queue}; every delivery goes to
     * {@code deliveries}, which must ack or nack it.
     */
    public static SagaMessaging start(BrokerConnection connection, RabbitMqSettings settings, Topology.Queue queue,
                                      Consumer<Message<InboundMessage>> deliveries) {
        var declaring = connection.openChannel();
        try {
            TopologyDeclarer.declare(declaring, settings.deliveryLimit());
            declaring.close();
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot declare the broker topology", e);
        }
        Channel<InboundMessage> inbound = Channel.<InboundMessage>builder()
                .name(queue.name())
                .publisherConfig(connectorConfig(Map.of("queue", queue.name())))
                .build();
        Channel<OutboundMessage> outbound = Channel.<OutboundMessage>builder()
                .name(Topology.EVENTS_EXCHANGE)
                .subscriberConfig(connectorConfig(Map.of()))
                .build();
        Emitter<OutboundMessage> emitter = Emitter.create(outbound);
        Messaging messaging = Messaging.builder()
                .connector(new RabbitMqConnector(connection, settings))
                .emitter(emitter)
                .subscriber(inbound, multi -> multi.forEach(m -> deliveries.accept(cast(m))))
                .build()
                .start();
        return new SagaMessaging(messaging, emitter);
    }

    /** Hands a message to the outgoing channel; its ack/nack tell whether the broker confirmed it. */
    public void publish(Message<OutboundMessage> message) {
        emitter.send(message);
    }

    @Override
    public void close() {
        messaging.stop();
    }

    private static Config connectorConfig(Map<String, String> properties) {
        var all = new java.util.HashMap<>(properties);
        all.put("connector", RabbitMqConnector.NAME);
        return Config.just(ConfigSources.create(all));
    }

    @SuppressWarnings("unchecked")
    private static Message<InboundMessage> cast(Message<? extends InboundMessage> message) {
        return (Message<InboundMessage>) message;
    }

}
