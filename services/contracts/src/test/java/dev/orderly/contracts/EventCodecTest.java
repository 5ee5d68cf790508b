package dev.orderly.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  @Test
  void everyEventSurvivesTheWireUnderItsRoutingKey() {
    UUID id = UUID.randomUUID();
    List<OrderLine> items = List.of(new OrderLine("sku-1", 2));
    List<SagaEvent> events =
        List.of(
            new SagaEvent.OrderPlaced(id, "alice", items),
            new SagaEvent.OrderConfirmed(id),
            new SagaEvent.OrderCancelled(id, "CUSTOMER"),
            new SagaEvent.StockReserved(id, items),
            new SagaEvent.StockRejected(id, "OUT_OF_STOCK"),
            new SagaEvent.StockReleased(id, items));
    for (SagaEvent event : events) {
      assertThat(EventCodec.decode(event.routingKey(), EventCodec.encode(event))).isEqualTo(event);
    }
  }

  @Test
  void garbageIsRejectedWithAReason() {
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EventCodec.decode(RoutingKeys.ORDER_PLACED, garbage))
        .isInstanceOf(EventCodec.MalformedEventException.class)
        .hasMessageContaining("order.placed");
    assertThatThrownBy(
            () -> EventCodec.decode("order.exploded", "{}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("unknown routing key");
    assertThatThrownBy(
            () ->
                EventCodec.decode(
                    RoutingKeys.ORDER_CONFIRMED, "{}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("without orderId");
  }
}
