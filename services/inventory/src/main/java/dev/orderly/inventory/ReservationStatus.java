package dev.orderly.inventory;

/** What inventory did with an order's stock. */
public enum ReservationStatus {
  /** Stock is held for the order. */
  RESERVED,
  /** The order is confirmed; the stock is spent. */
  CONFIRMED,
  /** Stock was given back (or the order was cancelled before anything was reserved). */
  RELEASED,
  /** Nothing was reserved. */
  REJECTED;

  /** True while the reservation holds stock. */
  public boolean holdsStock() {
    return this == RESERVED || this == CONFIRMED;
  }
}
