package dev.orderly.orders;

import dev.orderly.contracts.SagaEvent;
import java.util.List;
import java.util.UUID;

/**
 * The order saga's state machine: given an order's state and what happened, what the order becomes,
 * which events it publishes and which steps its timeline records. Pure: no I/O.
 *
 * <pre>
 * PENDING   --stock.reserved-->  CONFIRMED  (publish order.confirmed)
 * PENDING   --stock.rejected-->  CANCELLED  (reason from inventory; nothing to compensate)
 * PENDING   --cancel-->          CANCELLED  CUSTOMER (publish order.cancelled: a reservation may be in flight)
 * PENDING   --deadline-->        CANCELLED  TIMEOUT  (publish order.cancelled, likewise)
 * CONFIRMED --cancel-->          CANCELLED  CUSTOMER (publish order.cancelled: compensation releases stock)
 * CANCELLED --cancel-->          refused (409)
 * stock.reserved after a cancellation: stays CANCELLED; the order.cancelled already sent releases it.
 * stock.released: recorded on the timeline only.
 * </pre>
 */
public final class OrderSaga {

  public static final String REASON_CUSTOMER = "CUSTOMER";
  public static final String REASON_TIMEOUT = "TIMEOUT";

  private OrderSaga() {}

  /** Something that moves an order: a stock event, a customer's cancel request, or its deadline. */
  public sealed interface Trigger {
    /** An event from inventory. */
    record Event(SagaEvent event) implements Trigger {}

    /** The customer asked to cancel. */
    record CancelRequested() implements Trigger {}

    /** The order's deadline passed. */
    record DeadlinePassed() implements Trigger {}
  }

  /**
   * The outcome of a trigger.
   *
   * @param status the order's status afterwards
   * @param cancelReason why it is cancelled, when it is
   * @param publish events to publish (through the outbox)
   * @param timeline steps to append to the order's timeline
   */
  public record Decision(
      OrderStatus status,
      String cancelReason,
      List<SagaEvent> publish,
      List<TimelineStep> timeline) {

    /** True when the trigger moved the order to another status. */
    public boolean changes(OrderStatus before) {
      return status != before;
    }
  }

  /**
   * One timeline entry.
   *
   * @param step what happened, e.g. {@code STOCK_RESERVED}
   * @param detail a human-readable detail, may be null
   */
  public record TimelineStep(String step, String detail) {}

  /** A trigger that the order's state does not allow, e.g. cancelling a cancelled order. */
  public static final class IllegalTransitionException extends RuntimeException {
    public IllegalTransitionException(String message) {
      super(message);
    }
  }

  /**
   * Decides what {@code trigger} does to order {@code orderId}, currently {@code status}.
   *
   * @throws IllegalTransitionException when the trigger is a request the state forbids
   */
  public static Decision decide(
      UUID orderId, OrderStatus status, String cancelReason, Trigger trigger) {
    return switch (trigger) {
      case Trigger.Event(SagaEvent.StockReserved e) -> onReserved(status, cancelReason, orderId);
      case Trigger.Event(SagaEvent.StockRejected e) -> onRejected(status, cancelReason, e.reason());
      case Trigger.Event(SagaEvent.StockReleased e) ->
          stay(
              status,
              cancelReason,
              step("STOCK_RELEASED", e.items().isEmpty() ? "nothing was reserved" : describe(e)));
      case Trigger.Event(SagaEvent other) -> stay(status, cancelReason);
      case Trigger.CancelRequested c -> onCancel(orderId, status, REASON_CUSTOMER);
      case Trigger.DeadlinePassed d ->
          status == OrderStatus.PENDING
              ? cancel(
                  orderId,
                  REASON_TIMEOUT,
                  step("DEADLINE_PASSED", "no answer from inventory in time"))
              : stay(status, cancelReason);
    };
  }

  private static Decision onReserved(OrderStatus status, String cancelReason, UUID orderId) {
    return switch (status) {
      case PENDING ->
          new Decision(
              OrderStatus.CONFIRMED,
              null,
              List.of(new SagaEvent.OrderConfirmed(orderId)),
              List.of(step("STOCK_RESERVED", null), step("ORDER_CONFIRMED", null)));
      case CANCELLED ->
          stay(
              status,
              cancelReason,
              step("STOCK_RESERVED", "after cancellation; the cancellation releases it"));
      case CONFIRMED -> stay(status, cancelReason);
    };
  }

  private static Decision onRejected(OrderStatus status, String cancelReason, String reason) {
    return switch (status) {
      case PENDING ->
          new Decision(
              OrderStatus.CANCELLED,
              reason,
              List.of(),
              List.of(step("STOCK_REJECTED", reason), step("ORDER_CANCELLED", reason)));
      case CANCELLED -> stay(status, cancelReason, step("STOCK_REJECTED", reason));
      case CONFIRMED -> stay(status, cancelReason);
    };
  }

  private static Decision onCancel(UUID orderId, OrderStatus status, String reason) {
    if (status == OrderStatus.CANCELLED) {
      throw new IllegalTransitionException("order " + orderId + " is already cancelled");
    }
    return cancel(orderId, reason, step("CANCEL_REQUESTED", "by the customer"));
  }

  private static Decision cancel(UUID orderId, String reason, TimelineStep cause) {
    return new Decision(
        OrderStatus.CANCELLED,
        reason,
        List.of(new SagaEvent.OrderCancelled(orderId, reason)),
        List.of(cause, step("ORDER_CANCELLED", reason)));
  }

  private static Decision stay(OrderStatus status, String cancelReason, TimelineStep... steps) {
    return new Decision(status, cancelReason, List.of(), List.of(steps));
  }

  private static TimelineStep step(String step, String detail) {
    return new TimelineStep(step, detail);
  }

  private static String describe(SagaEvent.StockReleased e) {
    return e.items().stream()
        .map(l -> l.quantity() + " x " + l.productId())
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }
}
