package dev.orderly.orders;

import dev.orderly.common.db.Database;
import dev.orderly.common.db.Ids;
import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.observability.Tracing;
import dev.orderly.contracts.OrderLine;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Places orders: the early product check, the new order's id and deadline, its group-committed
 * insert ({@link PlacementWriter}) and, for a request repeated under its {@code Idempotency-Key},
 * the order placed the first time.
 */
final class OrderPlacement implements AutoCloseable {

  private final Database database;
  private final PlacementWriter placements;
  private final ProductCatalog catalog;
  private final Duration sagaTimeout;

  OrderPlacement(
      Database database, PlacementWriter placements, ProductCatalog catalog, Duration sagaTimeout) {
    this.database = database;
    this.placements = placements;
    this.catalog = catalog;
    this.sagaTimeout = sagaTimeout;
  }

  /** The order a request placed, or the one a repeated request placed before. */
  record Placed(UUID id, OrderStatus status, boolean replayed) {}

  /**
   * Places {@code customer}'s order of {@code lines} (validated), for the request whose correlation
   * id and span are current.
   *
   * @param idempotencyKey the request's key, or null
   * @throws UnknownProductsException when inventory says a product does not exist
   * @throws KeyReusedException when the key placed a different order before
   */
  Placed place(String customer, List<OrderLine> lines, String idempotencyKey) {
    rejectUnknownProducts(lines);
    String fingerprint = PlaceOrderRequest.fingerprint(lines);
    UUID id = Ids.next();
    // The placement's own span (its wait for the group commit included) is the parent of the
    // order.placed event, so the saga's spans hang under it.
    Span placement =
        Tracing.tracer()
            .spanBuilder("place order")
            .setAttribute(Tracing.ORDER_ID, id.toString())
            .startSpan();
    boolean placed;
    try {
      placed =
          placements.place(
              new OrderRepository.NewOrder(
                  id,
                  customer,
                  lines,
                  idempotencyKey,
                  fingerprint,
                  Instant.now().plus(sagaTimeout),
                  RequestContext.correlationId(),
                  placement.getSpanContext()));
    } catch (RuntimeException e) {
      placement.setStatus(StatusCode.ERROR, e.toString());
      throw e;
    } finally {
      placement.end();
    }
    if (placed) {
      return new Placed(id, OrderStatus.PENDING, false);
    }
    // The key was used before: the same request gets the same order, another one is refused.
    var existing =
        database
            .inTransaction(tx -> OrderRepository.findByIdempotencyKey(tx, customer, idempotencyKey))
            .orElseThrow(
                () -> new IllegalStateException("idempotency key conflict without an order"));
    if (!existing.requestHash().equals(fingerprint)) {
      throw new KeyReusedException(existing.id());
    }
    return new Placed(existing.id(), existing.status(), true);
  }

  private void rejectUnknownProducts(List<OrderLine> lines) {
    List<Integer> unknown = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (catalog.lookup(lines.get(i).productId()) == ProductCatalog.Answer.UNKNOWN) {
        unknown.add(i);
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownProductsException(unknown);
    }
  }

  /** Writes the placements already handed in, then stops the writer. */
  @Override
  public void close() {
    placements.close();
  }

  /** Inventory does not know the products of these lines (indexes into the order's lines). */
  static final class UnknownProductsException extends RuntimeException {
    final transient List<Integer> lines;

    UnknownProductsException(List<Integer> lines) {
      super("unknown products in lines " + lines);
      this.lines = List.copyOf(lines);
    }
  }

  /** The Idempotency-Key placed a different order before. */
  static final class KeyReusedException extends RuntimeException {
    final UUID existing;

    KeyReusedException(UUID existing) {
      super("the Idempotency-Key was used for order " + existing);
      this.existing = existing;
    }
  }
}
