package dev.orderly.inventory;

import dev.orderly.common.db.Database;
import dev.orderly.common.http.Json;
import dev.orderly.common.http.ProblemException;
import dev.orderly.common.security.Authentication;
import dev.orderly.common.security.Principal;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;

/**
 * {@code GET /reservations/{orderId}}: what inventory holds for an order (the gateway's order
 * details use it); for the order's customer or an admin.
 */
public final class ReservationsHttpService implements HttpService {

  private final Database database;

  public ReservationsHttpService(Database database) {
    this.database = database;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/{orderId}", this::get);
  }

  private void get(ServerRequest req, ServerResponse res) {
    Principal caller = Authentication.principal(req);
    String raw = req.path().pathParameters().get("orderId");
    UUID orderId;
    try {
      orderId = UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("no reservation for " + raw);
    }
    // Another customer's reservation is "not found", as their order is in the orders service.
    var reservation =
        database
            .inTransaction(tx -> InventoryRepository.findReservation(tx, orderId))
            .filter(r -> caller.hasRole("admin") || caller.subject().equals(r.customerId()))
            .orElseThrow(() -> ProblemException.notFound("no reservation for order " + orderId));
    Json.send(res, Status.OK_200, reservation);
  }
}
