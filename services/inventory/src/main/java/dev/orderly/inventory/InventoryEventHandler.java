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
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inventory's part of the saga, a batch at a time: lock the batch's reservations and products
 * (each in id order), let the {@link ReservationLedger} decide, write and publish the result.
 */
public final class InventoryEventHandler implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryEventHandler.class);

    @Override
    public void handle(Connection tx, List<IncomingEvent> events, Outbox outbox) throws SQLException {
        var reservations = InventoryRepository.lockReservations(tx,
                events.stream().map(e -> e.event().orderId()).distinct().toList());
        TreeSet<String> products = new TreeSet<>();
        for (IncomingEvent e : events) {
            if (e.event() instanceof SagaEvent.OrderPlaced placed) {
                placed.items().forEach(l -> products.add(l.productId()));
            }
        }
        reservations.values().forEach(r -> r.items().forEach(l -> products.add(l.productId())));
        var ledger = new ReservationLedger(reservations, InventoryRepository.lockStock(tx, products));
        for (IncomingEvent incoming : events) {
            try (RequestContext.Scope ignored = incoming.openContext()) {
                for (SagaEvent answer : ledger.apply(incoming.event())) {
                    outbox.add(answer, incoming.correlationId(), incoming.trace());
                    LOG.info("order {}: {} -> {}", answer.orderId(), incoming.event().routingKey(), describe(answer));
                }
            }
        }
        InventoryRepository.write(tx, ledger, outbox);
    }

    private static String describe(SagaEvent answer) {
        return switch (answer) {
            case SagaEvent.StockReserved r -> "reserved " + lines(r.items());
            case SagaEvent.StockRejected r -> "rejected: " + r.reason();
            case SagaEvent.StockReleased r -> r.items().isEmpty() ? "nothing to release" : "released " + lines(r.items());
            default -> answer.routingKey();
        };
    }

    private static String lines(List<OrderLine> items) {
        return items.stream().map(l -> l.quantity() + " x " + l.productId()).toList().toString();
    }
}
