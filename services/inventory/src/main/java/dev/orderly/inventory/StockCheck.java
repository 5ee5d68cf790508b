package dev.orderly.inventory;

import dev.orderly.contracts.OrderLine;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All-or-nothing: an order can be reserved only when every line is covered. Pure. */
public final class StockCheck {

  public static final String UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT";
  public static final String OUT_OF_STOCK = "OUT_OF_STOCK";

  private StockCheck() {}

  /**
   * Why the lines cannot be reserved from {@code available}, or empty when they all can.
   *
   * @return a reason such as {@code OUT_OF_STOCK: sku-1 (wanted 3, available 1)}
   */
  public static Optional<String> shortfall(List<OrderLine> lines, Map<String, Integer> available) {
    for (OrderLine line : lines) {
      Integer have = available.get(line.productId());
      if (have == null) {
        return Optional.of(UNKNOWN_PRODUCT + ": " + line.productId());
      }
      if (have < line.quantity()) {
        return Optional.of(
            OUT_OF_STOCK
                + ": "
                + line.productId()
                + " (wanted "
                + line.quantity()
                + ", available "
                + have
                + ")");
      }
    }
    return Optional.empty();
  }
}
