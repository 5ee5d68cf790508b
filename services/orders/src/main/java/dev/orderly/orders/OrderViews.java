package dev.orderly.orders;

import dev.orderly.contracts.OrderLine;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON shapes the orders API answers with. */
public final class OrderViews {

  private OrderViews() {}

  /** An order. */
  public record OrderView(
      UUID id,
      String customerId,
      String status,
      String cancelReason,
      List<OrderLine> items,
      Instant createdAt,
      Instant deadline,
      Instant completedAt) {

    static OrderView of(OrderRepository.Order o) {
      return new OrderView(
          o.id(),
          o.customerId(),
          o.status().name(),
          o.cancelReason(),
          o.items(),
          o.createdAt(),
          o.deadline(),
          o.completedAt());
    }
  }

  /** The answer to a placed order: where to follow it. */
  public record Accepted(UUID id, String status, String self, String timeline) {

    static Accepted of(UUID id, OrderStatus status) {
      return new Accepted(id, status.name(), "/orders/" + id, "/orders/" + id + "/timeline");
    }
  }

  /** An order's saga timeline. */
  public record Timeline(UUID orderId, String status, List<OrderRepository.TimelineEntry> steps) {}

  /** A page of orders and the cursor of the next page (null on the last). */
  public record Page(List<OrderView> items, String nextCursor) {}
}
