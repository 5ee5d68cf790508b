package dev.orderly.inventory;

import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.SagaEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Inventory's part of the saga for a batch of events, in memory and pure: reserve all items or none
 * (stock never negative), settle on confirmation, release on cancellation. It starts from the
 * locked rows and ends with what to write and what to publish.
 */
final class ReservationLedger {

  static final String ORDER_CANCELLED = "ORDER_CANCELLED";

  private final Map<UUID, Reservation> reservations;
  private final Map<String, Integer> available;
  private final Map<String, Integer> stockDeltas = new HashMap<>();
  private final Map<UUID, Reservation> created = new LinkedHashMap<>();
  private final Map<UUID, Reservation> updated = new LinkedHashMap<>();

  /**
   * @param reservations existing reservations of the batch's orders
   * @param available available stock of every product the batch touches (unknown ones absent)
   */
  ReservationLedger(Map<UUID, Reservation> reservations, Map<String, Integer> available) {
    this.reservations = new HashMap<>(reservations);
    this.available = new HashMap<>(available);
  }

  /** Applies one event; returns the events to publish in answer. */
  List<SagaEvent> apply(SagaEvent event) {
    return switch (event) {
      case SagaEvent.OrderPlaced placed -> reserve(placed);
      case SagaEvent.OrderConfirmed confirmed -> confirm(confirmed.orderId());
      case SagaEvent.OrderCancelled cancelled -> List.of(release(cancelled));
      default -> List.of();
    };
  }

  private List<SagaEvent> reserve(SagaEvent.OrderPlaced placed) {
    UUID orderId = placed.orderId();
    Reservation existing = reservations.get(orderId);
    if (existing != null) {
      // A tombstone: the cancellation overtook the placement, so reserve nothing. Anything
      // else was answered already (the inbox keeps a message from being applied twice).
      if (existing.status() == ReservationStatus.RELEASED && existing.items().isEmpty()) {
        remember(
            new Reservation(
                orderId,
                ReservationStatus.REJECTED,
                ORDER_CANCELLED,
                List.of(),
                placed.customerId()),
            false);
        return List.of(new SagaEvent.StockRejected(orderId, ORDER_CANCELLED));
      }
      return List.of();
    }
    Optional<String> shortfall = StockCheck.shortfall(placed.items(), available);
    if (shortfall.isPresent()) {
      remember(
          new Reservation(
              orderId, ReservationStatus.REJECTED, shortfall.get(), List.of(), placed.customerId()),
          true);
      return List.of(new SagaEvent.StockRejected(orderId, shortfall.get()));
    }
    adjust(placed.items(), -1);
    remember(
        new Reservation(
            orderId, ReservationStatus.RESERVED, null, placed.items(), placed.customerId()),
        true);
    return List.of(new SagaEvent.StockReserved(orderId, placed.items()));
  }

  private List<SagaEvent> confirm(UUID orderId) {
    Reservation r = reservations.get(orderId);
    if (r != null && r.status() == ReservationStatus.RESERVED) {
      remember(r.withStatus(ReservationStatus.CONFIRMED), false);
    }
    return List.of();
  }

  private SagaEvent release(SagaEvent.OrderCancelled cancelled) {
    UUID orderId = cancelled.orderId();
    Reservation r = reservations.get(orderId);
    if (r == null) {
      // Remember the cancellation so a late order.placed reserves nothing.
      remember(
          new Reservation(orderId, ReservationStatus.RELEASED, cancelled.reason(), List.of()),
          true);
      return new SagaEvent.StockReleased(orderId, List.of());
    }
    if (!r.status().holdsStock()) {
      return new SagaEvent.StockReleased(orderId, List.of());
    }
    adjust(r.items(), +1);
    remember(r.withStatus(ReservationStatus.RELEASED), false);
    return new SagaEvent.StockReleased(orderId, r.items());
  }

  private void adjust(List<OrderLine> lines, int sign) {
    for (OrderLine line : lines) {
      available.merge(line.productId(), sign * line.quantity(), Integer::sum);
      stockDeltas.merge(line.productId(), sign * line.quantity(), Integer::sum);
    }
  }

  private void remember(Reservation r, boolean isNew) {
    reservations.put(r.orderId(), r);
    if (isNew || created.containsKey(r.orderId())) {
      created.put(r.orderId(), r);
    } else {
      updated.put(r.orderId(), r);
    }
  }

  /** Net change of available stock per product. */
  Map<String, Integer> stockDeltas() {
    stockDeltas.values().removeIf(d -> d == 0);
    return stockDeltas;
  }

  /** Reservations to insert. */
  List<Reservation> created() {
    return new ArrayList<>(created.values());
  }

  /** Existing reservations whose status changed. */
  List<Reservation> updated() {
    return new ArrayList<>(updated.values());
  }
}
