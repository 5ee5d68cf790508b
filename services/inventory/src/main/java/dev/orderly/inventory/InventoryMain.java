package dev.orderly.inventory;

import dev.orderly.common.SagaService;
import dev.orderly.common.config.Settings;
import dev.orderly.contracts.Topology;
import java.util.List;

/** Starts the inventory service. */
public final class InventoryMain {

  private InventoryMain() {}

  public static void main(String[] args) {
    start(Settings.load());
  }

  /** Starts the service with {@code settings}; also used by tests. */
  public static SagaService start(Settings settings) {
    var definition =
        new SagaService.Definition(
            "inventory",
            Topology.INVENTORY_ORDER_EVENTS,
            8082,
            context -> new InventoryEventHandler(),
            (routing, context) -> {
              routing
                  .register("/products", new ProductsHttpService(context.database()))
                  .register("/reservations", new ReservationsHttpService(context.database()));
            },
            context -> List.of());
    return SagaService.start(definition, settings);
  }
}
