package dev.orderly.contracts;

import java.util.List;
import java.util.UUID;

/** An event of the order saga; its routing key names its type on the wire. */
public sealed interface SagaEvent {

  /** The order the event belongs to. */
  UUID orderId();

  /** Routing key the event is published with. */
  String routingKey();

  /** Orders accepted a new order: inventory should reserve its items. */
  record OrderPlaced(UUID orderId, String customerId, List<OrderLine> items) implements SagaEvent {
    public String routingKey() {
      return RoutingKeys.ORDER_PLACED;
    }
  }

  /** The order is confirmed: its reservation is final. */
  record OrderConfirmed(UUID orderId) implements SagaEvent {
    public String routingKey() {
      return RoutingKeys.ORDER_CONFIRMED;
    }
  }

  /** The order was cancelled (by the customer or its deadline): release whatever is reserved. */
  record OrderCancelled(UUID orderId, String reason) implements SagaEvent {
    public String routingKey() {
      return RoutingKeys.ORDER_CANCELLED;
    }
  }

  /** Every item of the order is reserved. */
  record StockReserved(UUID orderId, List<OrderLine> items) implements SagaEvent {
    public String routingKey() {
      return RoutingKeys.STOCK_RESERVED;
    }
  }

  /** The order cannot be reserved; nothing was reserved. */
  record StockRejected(UUID orderId, String reason) implements SagaEvent {
    public String routingKey() {
      return RoutingKeys.STOCK_REJECTED;
    }
  }

  /** The order's reservation was released (possibly nothing, if there was none). */
  record StockReleased(UUID orderId, List<OrderLine> items) implements SagaEvent {
    public String routingKey() {
      return RoutingKeys.STOCK_RELEASED;
    }
  }
}
