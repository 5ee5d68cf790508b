package dev.orderly.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.RoutingKeys;
import dev.orderly.contracts.SagaEvent;
import dev.orderly.orders.OrderSaga.Decision;
import dev.orderly.orders.OrderSaga.Trigger;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The saga as scripts: given a state, when something happens, then the state, messages and
 * timeline.
 */
class OrderSagaTest {

  private static final UUID ORDER = UUID.randomUUID();
  private static final List<OrderLine> ITEMS = List.of(new OrderLine("sku-1", 2));

  @Test
  void pendingOrderIsConfirmedWhenStockIsReserved() {
    given(OrderStatus.PENDING)
        .when(new Trigger.Event(new SagaEvent.StockReserved(ORDER, ITEMS)))
        .then(OrderStatus.CONFIRMED, null)
        .publishes(RoutingKeys.ORDER_CONFIRMED)
        .records("STOCK_RESERVED", "ORDER_CONFIRMED");
  }

  @Test
  void pendingOrderIsCancelledWithInventorysReasonWhenStockIsRejected() {
    given(OrderStatus.PENDING)
        .when(new Trigger.Event(new SagaEvent.StockRejected(ORDER, "OUT_OF_STOCK")))
        .then(OrderStatus.CANCELLED, "OUT_OF_STOCK")
        .publishesNothing()
        .records("STOCK_REJECTED", "ORDER_CANCELLED");
  }

  @Test
  void customerCancellingAPendingOrderAsksInventoryToReleaseWhatMayBeInFlight() {
    given(OrderStatus.PENDING)
        .when(new Trigger.CancelRequested())
        .then(OrderStatus.CANCELLED, OrderSaga.REASON_CUSTOMER)
        .publishes(RoutingKeys.ORDER_CANCELLED)
        .records("CANCEL_REQUESTED", "ORDER_CANCELLED");
  }

  @Test
  void cancellingAConfirmedOrderCompensatesTheReservation() {
    given(OrderStatus.CONFIRMED)
        .when(new Trigger.CancelRequested())
        .then(OrderStatus.CANCELLED, OrderSaga.REASON_CUSTOMER)
        .publishes(RoutingKeys.ORDER_CANCELLED);
  }

  @Test
  void cancellingACancelledOrderIsRefused() {
    assertThatThrownBy(
            () ->
                OrderSaga.decide(
                    ORDER, OrderStatus.CANCELLED, "CUSTOMER", new Trigger.CancelRequested()))
        .isInstanceOf(OrderSaga.IllegalTransitionException.class)
        .hasMessageContaining("already cancelled");
  }

  @Test
  void pendingOrderPastItsDeadlineIsCancelledWithTimeoutAndCompensated() {
    given(OrderStatus.PENDING)
        .when(new Trigger.DeadlinePassed())
        .then(OrderStatus.CANCELLED, OrderSaga.REASON_TIMEOUT)
        .publishes(RoutingKeys.ORDER_CANCELLED)
        .records("DEADLINE_PASSED", "ORDER_CANCELLED");
  }

  @Test
  void deadlineDoesNothingToAnOrderThatAlreadyEnded() {
    given(OrderStatus.CONFIRMED)
        .when(new Trigger.DeadlinePassed())
        .then(OrderStatus.CONFIRMED, null)
        .publishesNothing()
        .records();
  }

  @Test
  void reservationArrivingAfterATimeoutLeavesTheOrderCancelled() {
    given(OrderStatus.CANCELLED, OrderSaga.REASON_TIMEOUT)
        .when(new Trigger.Event(new SagaEvent.StockReserved(ORDER, ITEMS)))
        .then(OrderStatus.CANCELLED, OrderSaga.REASON_TIMEOUT)
        .publishesNothing()
        .records("STOCK_RESERVED");
  }

  @Test
  void repeatedReservationDoesNotConfirmTwice() {
    given(OrderStatus.CONFIRMED)
        .when(new Trigger.Event(new SagaEvent.StockReserved(ORDER, ITEMS)))
        .then(OrderStatus.CONFIRMED, null)
        .publishesNothing()
        .records();
  }

  @Test
  void releaseIsRecordedOnTheTimelineOnly() {
    given(OrderStatus.CANCELLED, OrderSaga.REASON_CUSTOMER)
        .when(new Trigger.Event(new SagaEvent.StockReleased(ORDER, ITEMS)))
        .then(OrderStatus.CANCELLED, OrderSaga.REASON_CUSTOMER)
        .publishesNothing()
        .records("STOCK_RELEASED");
  }

  private static Script given(OrderStatus status) {
    return new Script(status, null, null);
  }

  private static Script given(OrderStatus status, String reason) {
    return new Script(status, reason, null);
  }

  private record Script(OrderStatus status, String reason, Decision decision) {

    Script when(Trigger trigger) {
      return new Script(status, reason, OrderSaga.decide(ORDER, status, reason, trigger));
    }

    Script then(OrderStatus expected, String expectedReason) {
      assertThat(decision.status()).as("status").isEqualTo(expected);
      assertThat(decision.cancelReason()).as("cancel reason").isEqualTo(expectedReason);
      return this;
    }

    Script publishes(String... routingKeys) {
      assertThat(decision.publish())
          .extracting(SagaEvent::routingKey)
          .as("published")
          .containsExactly(routingKeys);
      assertThat(decision.publish()).allSatisfy(e -> assertThat(e.orderId()).isEqualTo(ORDER));
      return this;
    }

    Script publishesNothing() {
      return publishes();
    }

    Script records(String... steps) {
      assertThat(decision.timeline())
          .extracting(OrderSaga.TimelineStep::step)
          .as("timeline")
          .containsExactly(steps);
      return this;
    }
  }
}
