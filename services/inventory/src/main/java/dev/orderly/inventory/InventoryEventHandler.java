package dev.orderly.inventory;

import dev.orderly.common.inbox.EventHandler;
import dev.orderly.common.inbox.IncomingEvent;
import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inventory's part of the saga, a batch at a time: lock the batch's reservations and the products
 * whose stock it can change (each in id order), let the {@link ReservationLedger} decide, write and
 * publish the result.
 */
public final class InventoryEventHandler implements EventHandler {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryEventHandler.class);

  @Override
  public void handle(Connection tx, List<IncomingEvent> events, Outbox outbox) throws SQLException {
    var reservations =
        InventoryRepository.lockReservations(
            tx, events.stream().map(e -> e.event().orderId()).distinct().toList());
    var ledger =
        new ReservationLedger(
            reservations, InventoryRepository.lockStock(tx, stockChangedBy(events, reservations)));
    for (IncomingEvent incoming : events) {
      try (RequestContext.Scope ignored = incoming.openContext()) {
        for (SagaEvent answer : ledger.apply(incoming.event())) {
          outbox.add(answer, incoming.correlationId(), incoming.trace());
          LOG.info(
              "order {}: {} -> {}",
              answer.orderId(),
              incoming.event().routingKey(),
              describe(answer));
        }
      }
    }
    InventoryRepository.write(tx, ledger, outbox);
  }

  /**
   * The products whose stock the batch can change: a placement's items and the items of a
   * reservation being cancelled. A confirmation changes no stock, so a batch of confirmations locks
   * no product and does not wait for the batches that reserve.
   */
  private static TreeSet<String> stockChangedBy(
      List<IncomingEvent> events, Map<UUID, Reservation> reservations) {
    TreeSet<String> products = new TreeSet<>();
    for (IncomingEvent e : events) {
      List<OrderLine> lines =
          switch (e.event()) {
            case SagaEvent.OrderPlaced placed -> placed.items();
            case SagaEvent.OrderCancelled cancelled ->
                reservations.containsKey(cancelled.orderId())
                    ? reservations.get(cancelled.orderId()).items()
                    : List.of();
            default -> List.of();
          };
      lines.forEach(l -> products.add(l.productId()));
    }
    return products;
  }

  private static String describe(SagaEvent answer) {
    return switch (answer) {
      case SagaEvent.StockReserved r -> "reserved " + lines(r.items());
      case SagaEvent.StockRejected r -> "rejected: " + r.reason();
      case SagaEvent.StockReleased r ->
          r.items().isEmpty() ? "nothing to release" : "released " + lines(r.items());
      default -> answer.routingKey();
    };
  }

  private static String lines(List<OrderLine> items) {
    return items.stream().map(l -> l.quantity() + " x " + l.productId()).toList().toString();
  }
}
