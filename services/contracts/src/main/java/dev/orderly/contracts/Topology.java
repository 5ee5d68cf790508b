package dev.orderly.contracts;

import java.util.List;

/** The broker topology every service agrees on: exchanges, queues and their bindings. */
public final class Topology {

  /** Topic exchange carrying every saga event. */
  public static final String EVENTS_EXCHANGE = "orderly.events";

  /** Exchange receiving what a queue dead-letters. */
  public static final String DEAD_LETTER_EXCHANGE = "orderly.dlx";

  /** Inventory's queue: every order event. */
  public static final Queue INVENTORY_ORDER_EVENTS = new Queue("inventory.order-events", "order.*");

  /** Orders' queue: every stock event. */
  public static final Queue ORDERS_STOCK_EVENTS = new Queue("orders.stock-events", "stock.*");

  /** All consumer queues, for declaring the whole topology at once. */
  public static final List<Queue> QUEUES = List.of(INVENTORY_ORDER_EVENTS, ORDERS_STOCK_EVENTS);

  private Topology() {}

  /**
   * A quorum queue bound to {@link #EVENTS_EXCHANGE} and its dead-letter queue.
   *
   * @param name queue name
   * @param binding routing-key pattern bound on the events exchange
   */
  public record Queue(String name, String binding) {

    /** Name of the queue that receives this queue's dead letters. */
    public String deadLetterQueue() {
      return name + ".dlq";
    }
  }
}
