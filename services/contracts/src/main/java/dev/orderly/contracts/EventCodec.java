package dev.orderly.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;

/** JSON encoding of saga events; the routing key tells which record a body holds. */
public final class EventCodec {

  private static final Map<String, Class<? extends SagaEvent>> TYPES =
      Map.of(
          RoutingKeys.ORDER_PLACED, SagaEvent.OrderPlaced.class,
          RoutingKeys.ORDER_CONFIRMED, SagaEvent.OrderConfirmed.class,
          RoutingKeys.ORDER_CANCELLED, SagaEvent.OrderCancelled.class,
          RoutingKeys.STOCK_RESERVED, SagaEvent.StockReserved.class,
          RoutingKeys.STOCK_REJECTED, SagaEvent.StockRejected.class,
          RoutingKeys.STOCK_RELEASED, SagaEvent.StockReleased.class);

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private EventCodec() {}

  /** Serializes an event to its JSON body. */
  public static byte[] encode(SagaEvent event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + event, e);
    }
  }

  /**
   * Parses a message body published with the given routing key.
   *
   * @throws MalformedEventException when the key is unknown or the body does not match its type
   */
  public static SagaEvent decode(String routingKey, byte[] body) {
    Class<? extends SagaEvent> type = TYPES.get(routingKey);
    if (type == null) {
      throw new MalformedEventException("unknown routing key '" + routingKey + "'");
    }
    try {
      SagaEvent event = MAPPER.readValue(body, type);
      if (event.orderId() == null) {
        throw new MalformedEventException(routingKey + " without orderId");
      }
      return event;
    } catch (JsonProcessingException e) {
      throw new MalformedEventException(
          "malformed " + routingKey + " body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedEventException("unreadable " + routingKey + " body: " + e.getMessage());
    }
  }

  /** A message body that is not a valid saga event. */
  public static final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
      super(message);
    }
  }
}
