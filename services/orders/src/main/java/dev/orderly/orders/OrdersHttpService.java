package dev.orderly.orders;

import dev.orderly.common.db.Database;
import dev.orderly.common.http.Json;
import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemException;
import dev.orderly.common.outbox.OutboxTransactions;
import dev.orderly.common.security.Authentication;
import dev.orderly.contracts.OrderLine;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code /orders}: place, read, list and cancel orders. */
public final class OrdersHttpService implements HttpService {

  static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final int PAGE_SIZE = 50;

  private final Database database;
  private final OrderPlacement placement;
  private final OutboxTransactions transactions;

  OrdersHttpService(Database database, OrderPlacement placement, OutboxTransactions transactions) {
    this.database = database;
    this.placement = placement;
    this.transactions = transactions;
  }

  /**
   * The server has stopped taking requests: the placements already handed in are written, then the
   * writer stops.
   */
  @Override
  public void afterStop() {
    placement.close();
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/", this::place)
        .get("/", this::list)
        .get("/{id}", this::get)
        .get("/{id}/timeline", this::timeline)
        .post("/{id}/cancel", this::cancel);
  }

  private void place(ServerRequest req, ServerResponse res) {
    String customer = Authentication.principal(req).subject();
    String key = req.headers().first(IDEMPOTENCY_KEY).orElse(null);
    if (key != null && !KEY.matcher(key).matches()) {
      throw ProblemException.badRequest("Idempotency-Key must be 1-255 visible ASCII characters");
    }
    List<OrderLine> lines = Json.read(req, PlaceOrderRequest.class).validate();
    OrderPlacement.Placed placed;
    try {
      placed = placement.place(customer, lines, key);
    } catch (OrderPlacement.UnknownProductsException e) {
      throw ProblemException.invalid(
          "the order names unknown products",
          e.lines.stream()
              .map(
                  i ->
                      new Problem.FieldError(
                          "items[" + i + "].productId",
                          "unknown product '" + lines.get(i).productId() + "'"))
              .toList());
    } catch (OrderPlacement.KeyReusedException e) {
      throw new ProblemException(
          Problem.of(
              "idempotency-key-reused",
              "Idempotency-Key reused",
              422,
              "this Idempotency-Key was used for a different order " + e.existing));
    }
    accepted(res, placed.id(), placed.status(), placed.replayed());
  }

  private static void accepted(ServerResponse res, UUID id, OrderStatus status, boolean replayed) {
    res.header(HeaderNames.LOCATION, "/orders/" + id);
    if (replayed) {
      res.header("Idempotent-Replayed", "true");
    }
    Json.send(res, Status.ACCEPTED_202, OrderViews.Accepted.of(id, status));
  }

  private void get(ServerRequest req, ServerResponse res) {
    Json.send(res, Status.OK_200, OrderViews.OrderView.of(ownOrder(req)));
  }

  private void timeline(ServerRequest req, ServerResponse res) {
    var order = ownOrder(req);
    var steps = database.inTransaction(tx -> OrderRepository.timeline(tx, order.id()));
    Json.send(
        res, Status.OK_200, new OrderViews.Timeline(order.id(), order.status().name(), steps));
  }

  private void list(ServerRequest req, ServerResponse res) {
    String customer = Authentication.principal(req).subject();
    OrderStatus status = req.query().first("status").map(OrdersHttpService::status).orElse(null);
    OrderCursor after = req.query().first("cursor").map(OrderCursor::decode).orElse(null);
    var page =
        database.inTransaction(
            tx -> OrderRepository.page(tx, customer, status, after, PAGE_SIZE + 1));
    String next = null;
    if (page.size() > PAGE_SIZE) {
      page = page.subList(0, PAGE_SIZE);
      var last = page.getLast();
      next = new OrderCursor(last.createdAt(), last.id()).encode();
    }
    Json.send(
        res,
        Status.OK_200,
        new OrderViews.Page(page.stream().map(OrderViews.OrderView::of).toList(), next));
  }

  private void cancel(ServerRequest req, ServerResponse res) {
    String customer = Authentication.principal(req).subject();
    UUID id = orderId(req);
    OrderStatus cancelled;
    try {
      cancelled =
          transactions
              .inTransaction((tx, outbox) -> OrderTransitions.cancel(tx, id, customer, outbox))
              .orElseThrow(() -> notFound(id));
    } catch (OrderSaga.IllegalTransitionException e) {
      throw ProblemException.conflict(
          "illegal-state-change", "Illegal state change", e.getMessage());
    }
    Json.send(res, Status.ACCEPTED_202, OrderViews.Accepted.of(id, cancelled));
  }

  private OrderRepository.Order ownOrder(ServerRequest req) {
    String customer = Authentication.principal(req).subject();
    UUID id = orderId(req);
    // Another customer's order is "not found", so ids cannot be probed.
    return database
        .inTransaction(tx -> OrderRepository.findForCustomer(tx, id, customer))
        .orElseThrow(() -> notFound(id));
  }

  private static UUID orderId(ServerRequest req) {
    String raw = req.path().pathParameters().get("id");
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("no order " + raw);
    }
  }

  private static ProblemException notFound(UUID id) {
    return ProblemException.notFound("no order " + id);
  }

  private static OrderStatus status(String raw) {
    try {
      return OrderStatus.valueOf(raw);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("status must be one of PENDING, CONFIRMED, CANCELLED");
    }
  }
}
