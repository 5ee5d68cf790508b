package dev.orderly.inventory;

import dev.orderly.common.SagaService;
import dev.orderly.common.config.Settings;
import dev.orderly.contracts.Topology;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;

/** Starts the inventory service. */
public final class InventoryMain {

  private InventoryMain() {}

  public static void main(String[] args) {
    start(Settings.load());
  }

  /** What makes a saga service the inventory service. */
  public static final SagaService.Definition DEFINITION =
      new SagaService.Definition(
          "inventory",
          Topology.INVENTORY_ORDER_EVENTS,
          8082,
          context -> new InventoryEventHandler(),
          InventoryMain::routing,
          context -> List.of());

  /** Starts the service with {@code settings}; also used by tests. */
  public static SagaService start(Settings settings) {
    return SagaService.start(DEFINITION, settings);
  }

  /** The service's own routes (tests with {@code @SetUpRoute}). */
  public static void routing(HttpRouting.Builder routing, SagaService.Context context) {
    routing
        .register("/products", new ProductsHttpService(context.database()))
        .register("/reservations", new ReservationsHttpService(context.database()));
  }
}
