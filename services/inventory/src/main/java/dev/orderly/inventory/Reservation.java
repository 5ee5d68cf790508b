package dev.orderly.inventory;

import dev.orderly.contracts.OrderLine;
import java.util.List;
import java.util.UUID;

/**
 * What inventory holds for one order.
 *
 * @param orderId the order
 * @param status where the reservation stands
 * @param reason why it was rejected or released, may be null
 * @param items the stock held (empty when nothing was reserved)
 * @param customerId the customer who placed the order (the token subject); null for a tombstone
 */
public record Reservation(
    UUID orderId,
    ReservationStatus status,
    String reason,
    List<OrderLine> items,
    String customerId) {

  /** A reservation whose customer is not known (a tombstone, or a test). */
  public Reservation(UUID orderId, ReservationStatus status, String reason, List<OrderLine> items) {
    this(orderId, status, reason, items, null);
  }

  /** The same reservation in another status. */
  Reservation withStatus(ReservationStatus newStatus) {
    return new Reservation(orderId, newStatus, reason, items, customerId);
  }
}
