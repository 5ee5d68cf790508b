package dev.orderly.contracts;

/** Routing keys of the saga events; the key also names the event type. */
public final class RoutingKeys {

  public static final String ORDER_PLACED = "order.placed";
  public static final String ORDER_CONFIRMED = "order.confirmed";
  public static final String ORDER_CANCELLED = "order.cancelled";
  public static final String STOCK_RESERVED = "stock.reserved";
  public static final String STOCK_REJECTED = "stock.rejected";
  public static final String STOCK_RELEASED = "stock.released";

  private RoutingKeys() {}
}
