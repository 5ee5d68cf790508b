package dev.orderly.inventory;

import dev.orderly.common.inbox.EventHandler;
import dev.orderly.common.inbox.IncomingEvent;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.SagaEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Inventory's part of the saga: reserve on order.placed, settle on order.confirmed, release on order.cancelled. */
public final class InventoryEventHandler implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryEventHandler.class);
    static final String ORDER_CANCELLED = "ORDER_CANCELLED";

    @Override
    public void lockInOrder(Connection tx, List<IncomingEvent> batch) throws SQLException {
        TreeSet<String> products = new TreeSet<>();
        List<UUID> cancelled = new ArrayList<>();
        for (IncomingEvent e : batch) {
            switch (e.event()) {
                case SagaEvent.OrderPlaced placed -> placed.items().forEach(l -> products.add(l.productId()));
                case SagaEvent.OrderCancelled c -> cancelled.add(c.orderId());
                default -> { }
            }
        }
        if (!cancelled.isEmpty()) {
            products.addAll(InventoryRepository.reservedProducts(tx, cancelled));
        }
        InventoryRepository.lockProducts(tx, List.copyOf(products));
    }

    @Override
    public void handle(Connection tx, IncomingEvent incoming) throws SQLException {
        switch (incoming.event()) {
            case SagaEvent.OrderPlaced placed -> reserve(tx, placed, incoming);
            case SagaEvent.OrderConfirmed confirmed -> confirm(tx, confirmed);
            case SagaEvent.OrderCancelled cancelled -> release(tx, cancelled, incoming);
            default -> LOG.warn("inventory does not handle {}; ignored", incoming.event().routingKey());
        }
    }

    private void reserve(Connection tx, SagaEvent.OrderPlaced placed, IncomingEvent incoming) throws SQLException {
        UUID orderId = placed.orderId();
        Optional<InventoryRepository.Reservation> existing = InventoryRepository.lockReservation(tx, orderId);
        if (existing.isPresent()) {
            if (existing.get().status() == ReservationStatus.RELEASED && existing.get().items().isEmpty()) {
                // The cancellation overtook the placement: reserve nothing.
                publish(tx, new SagaEvent.StockRejected(orderId, ORDER_CANCELLED), incoming);
                LOG.info("order {} was cancelled before its placement arrived; not reserving", orderId);
            }
            return;
        }
        List<OrderLine> lines = placed.items();
        var available = InventoryRepository.available(tx, lines.stream().map(OrderLine::productId).toList());
        Optional<String> shortfall = StockCheck.shortfall(lines, available);
        if (shortfall.isPresent()) {
            InventoryRepository.insertReservation(tx, orderId, ReservationStatus.REJECTED, shortfall.get(), List.of());
            publish(tx, new SagaEvent.StockRejected(orderId, shortfall.get()), incoming);
            LOG.info("order {} rejected: {}", orderId, shortfall.get());
            return;
        }
        InventoryRepository.adjustStock(tx, lines, -1);
        InventoryRepository.insertReservation(tx, orderId, ReservationStatus.RESERVED, null, lines);
        publish(tx, new SagaEvent.StockReserved(orderId, lines), incoming);
        LOG.info("order {} reserved: {} line(s)", orderId, lines.size());
    }

    private void confirm(Connection tx, SagaEvent.OrderConfirmed confirmed) throws SQLException {
        var reservation = InventoryRepository.lockReservation(tx, confirmed.orderId());
        if (reservation.isPresent() && reservation.get().status() == ReservationStatus.RESERVED) {
            InventoryRepository.updateStatus(tx, confirmed.orderId(), ReservationStatus.CONFIRMED);
        }
    }

    private void release(Connection tx, SagaEvent.OrderCancelled cancelled, IncomingEvent incoming)
            throws SQLException {
        UUID orderId = cancelled.orderId();
        var reservation = InventoryRepository.lockReservation(tx, orderId);
        List<OrderLine> released = List.of();
        if (reservation.isEmpty()) {
            // Remember the cancellation so a late order.placed reserves nothing.
            InventoryRepository.insertReservation(tx, orderId, ReservationStatus.RELEASED, cancelled.reason(),
                    List.of());
        } else if (reservation.get().status().holdsStock()) {
            released = reservation.get().items();
            InventoryRepository.adjustStock(tx, released, +1);
            InventoryRepository.updateStatus(tx, orderId, ReservationStatus.RELEASED);
        }
        publish(tx, new SagaEvent.StockReleased(orderId, released), incoming);
        LOG.info("order {} cancelled ({}): released {} line(s)", orderId, cancelled.reason(), released.size());
    }

    private static void publish(Connection tx, SagaEvent event, IncomingEvent cause) throws SQLException {
        Outbox.append(tx, event, cause.correlationId(), cause.trace());
    }
}
