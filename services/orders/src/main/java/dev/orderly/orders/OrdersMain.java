package dev.orderly.orders;

import dev.orderly.common.SagaService;
import dev.orderly.common.config.Settings;
import dev.orderly.contracts.Topology;
import java.net.URI;
import java.util.List;

/** Starts the orders service. */
public final class OrdersMain {

  private OrdersMain() {}

  public static void main(String[] args) {
    start(Settings.load());
  }

  /** Starts the service with {@code settings}; also used by tests. */
  public static SagaService start(Settings settings) {
    var definition =
        new SagaService.Definition(
            "orders",
            Topology.ORDERS_STOCK_EVENTS,
            8081,
            context -> new OrderTransitions(),
            (routing, context) -> {
              var catalog =
                  new ProductCatalog(
                      URI.create(
                          context
                              .settings()
                              .string("orders.inventory.url", "http://127.0.0.1:8082")));
              var placements =
                  new PlacementWriter(
                      context.transactions(),
                      context.settings().integer("orders.placement.writers", 2),
                      context.settings().integer("orders.placement.batch.max", 100));
              var placement =
                  new OrderPlacement(
                      context.database(),
                      placements,
                      catalog,
                      context.settings().duration("orders.saga.timeout", "30s"));
              routing.register(
                  "/orders",
                  new OrdersHttpService(context.database(), placement, context.transactions()));
            },
            context ->
                List.of(
                    new DeadlineScheduler(
                        context.backgroundTransactions(),
                        context.settings().duration("orders.deadline.scan.interval", "1s"))));
    return SagaService.start(definition, settings);
  }
}
