package dev.orderly.common.messaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries of {@link RabbitMqConnector}'s incoming channels, and their acknowledgement a
 * batch at a time.
 */
public final class Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private Deliveries() {}

  /**
   * Acknowledges every message of {@code batch}; those from one channel go out in as few frames as
   * is safe ({@link DeliveryAcks}). Other messages are acknowledged one by one.
   */
  public static void ackAll(List<? extends Message<?>> batch) {
    Map<DeliveryAcks, List<Long>> byChannel = new IdentityHashMap<>();
    for (Message<?> message : batch) {
      if (message instanceof Delivery delivery) {
        byChannel.computeIfAbsent(delivery.acks(), acks -> new ArrayList<>()).add(delivery.tag());
      } else {
        message.ack();
      }
    }
    byChannel.forEach((acks, tags) -> settle(() -> acks.ack(tags)));
  }

  static Message<InboundMessage> of(InboundMessage payload, long tag, DeliveryAcks acks) {
    return new Delivery(payload, tag, acks);
  }

  private static CompletionStage<Void> settle(IoAction action) {
    try {
      action.run();
      return CompletableFuture.completedFuture(null);
    } catch (IOException | RuntimeException e) {
      // A broken channel loses the delivery tag; the broker redelivers the message.
      LOG.debug("settling a delivery failed: {}", e.toString());
      return CompletableFuture.failedFuture(e);
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /** One delivery: its ack acknowledges it alone, its nack returns it to the queue. */
  private record Delivery(InboundMessage payload, long tag, DeliveryAcks acks)
      implements Message<InboundMessage> {

    @Override
    public InboundMessage getPayload() {
      return payload;
    }

    @Override
    public CompletionStage<Void> ack() {
      return settle(() -> acks.ack(List.of(tag)));
    }

    @Override
    public CompletionStage<Void> nack(Throwable reason) {
      return settle(() -> acks.nack(tag));
    }

    @Override
    public Supplier<CompletionStage<Void>> getAck() {
      return this::ack;
    }

    @Override
    public Function<Throwable, CompletionStage<Void>> getNack() {
      return this::nack;
    }
  }
}
