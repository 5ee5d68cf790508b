package dev.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.contracts.OrderLine;
import dev.orderly.contracts.SagaEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Inventory's saga decisions as scripts: given stock and reservations, when events, then answers
 * and writes.
 */
class ReservationLedgerTest {

  private static final UUID A = UUID.randomUUID();
  private static final UUID B = UUID.randomUUID();

  @Test
  void reservesWhileStockLastsWithinOneBatch() {
    var ledger = new ReservationLedger(Map.of(), Map.of("sku", 3));

    var first = ledger.apply(new SagaEvent.OrderPlaced(A, "c", List.of(new OrderLine("sku", 2))));
    var second = ledger.apply(new SagaEvent.OrderPlaced(B, "c", List.of(new OrderLine("sku", 2))));

    assertThat(first).singleElement().isInstanceOf(SagaEvent.StockReserved.class);
    assertThat(second)
        .singleElement()
        .isInstanceOfSatisfying(
            SagaEvent.StockRejected.class,
            r -> assertThat(r.reason()).startsWith("OUT_OF_STOCK: sku"));
    assertThat(ledger.stockDeltas()).containsExactly(Map.entry("sku", -2));
    assertThat(ledger.created())
        .extracting(Reservation::status)
        .containsExactly(ReservationStatus.RESERVED, ReservationStatus.REJECTED);
  }

  @Test
  void aReservationRemembersItsCustomerSoOnlyTheyCanReadIt() {
    var tombstone = new Reservation(B, ReservationStatus.RELEASED, "TIMEOUT", List.of());
    var ledger = new ReservationLedger(Map.of(B, tombstone), Map.of("sku", 1));

    ledger.apply(new SagaEvent.OrderPlaced(A, "alice", List.of(new OrderLine("sku", 1))));
    ledger.apply(new SagaEvent.OrderPlaced(B, "bob", List.of(new OrderLine("sku", 1))));
    ledger.apply(new SagaEvent.OrderConfirmed(A));

    assertThat(ledger.created()).extracting(Reservation::customerId).containsExactly("alice");
    assertThat(ledger.updated())
        .extracting(Reservation::orderId, Reservation::customerId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(B, "bob"));
  }

  @Test
  void oneShortLineReservesNothingAtAll() {
    var ledger = new ReservationLedger(Map.of(), Map.of("a", 10, "b", 1));

    var answer =
        ledger.apply(
            new SagaEvent.OrderPlaced(
                A, "c", List.of(new OrderLine("a", 5), new OrderLine("b", 2))));

    assertThat(answer).singleElement().isInstanceOf(SagaEvent.StockRejected.class);
    assertThat(ledger.stockDeltas()).isEmpty();
  }

  @Test
  void cancellingAConfirmedReservationGivesTheStockBack() {
    var held =
        new Reservation(A, ReservationStatus.CONFIRMED, null, List.of(new OrderLine("sku", 4)));
    var ledger = new ReservationLedger(Map.of(A, held), Map.of("sku", 1));

    var answer = ledger.apply(new SagaEvent.OrderCancelled(A, "CUSTOMER"));

    assertThat(answer)
        .containsExactly(new SagaEvent.StockReleased(A, List.of(new OrderLine("sku", 4))));
    assertThat(ledger.stockDeltas()).containsExactly(Map.entry("sku", 4));
    assertThat(ledger.updated())
        .extracting(Reservation::status)
        .containsExactly(ReservationStatus.RELEASED);
  }

  @Test
  void reserveThenCancelInTheSameBatchNetsToNothing() {
    var ledger = new ReservationLedger(Map.of(), Map.of("sku", 5));

    ledger.apply(new SagaEvent.OrderPlaced(A, "c", List.of(new OrderLine("sku", 2))));
    var released = ledger.apply(new SagaEvent.OrderCancelled(A, "TIMEOUT"));

    assertThat(released)
        .containsExactly(new SagaEvent.StockReleased(A, List.of(new OrderLine("sku", 2))));
    assertThat(ledger.stockDeltas()).isEmpty();
    assertThat(ledger.created())
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(ReservationStatus.RELEASED));
    assertThat(ledger.updated()).isEmpty();
  }

  @Test
  void cancellationOvertakingThePlacementLeavesATombstoneSoNothingIsReserved() {
    var ledger = new ReservationLedger(Map.of(), Map.of("sku", 5));

    var released = ledger.apply(new SagaEvent.OrderCancelled(A, "TIMEOUT"));
    var late = ledger.apply(new SagaEvent.OrderPlaced(A, "c", List.of(new OrderLine("sku", 2))));
    var again = ledger.apply(new SagaEvent.OrderPlaced(A, "c", List.of(new OrderLine("sku", 2))));

    assertThat(released).containsExactly(new SagaEvent.StockReleased(A, List.of()));
    assertThat(late)
        .containsExactly(new SagaEvent.StockRejected(A, ReservationLedger.ORDER_CANCELLED));
    assertThat(again).as("answered once").isEmpty();
    assertThat(ledger.stockDeltas()).isEmpty();
  }

  @Test
  void confirmationSettlesAReservationAndReleasingNothingIsFine() {
    var held =
        new Reservation(A, ReservationStatus.RESERVED, null, List.of(new OrderLine("sku", 1)));
    var rejected = new Reservation(B, ReservationStatus.REJECTED, "OUT_OF_STOCK: sku", List.of());
    var ledger = new ReservationLedger(Map.of(A, held, B, rejected), Map.of("sku", 0));

    assertThat(ledger.apply(new SagaEvent.OrderConfirmed(A))).isEmpty();
    assertThat(ledger.apply(new SagaEvent.OrderCancelled(B, "CUSTOMER")))
        .containsExactly(new SagaEvent.StockReleased(B, List.of()));
    assertThat(ledger.updated())
        .extracting(Reservation::status)
        .containsExactly(ReservationStatus.CONFIRMED);
    assertThat(ledger.stockDeltas()).isEmpty();
  }
}
