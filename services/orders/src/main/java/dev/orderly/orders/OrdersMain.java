package dev.orderly.orders;

import dev.orderly.common.SagaService;
import dev.orderly.common.config.Settings;
import dev.orderly.contracts.Topology;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.util.List;

/** Starts the orders service. */
public final class OrdersMain {

  private OrdersMain() {}

  public static void main(String[] args) {
    start(Settings.load());
  }

  /** What makes a saga service the orders service. */
  public static final SagaService.Definition DEFINITION =
      new SagaService.Definition(
          "orders",
          Topology.ORDERS_STOCK_EVENTS,
          8081,
          context -> new OrderTransitions(),
          OrdersMain::routing,
          context ->
              List.of(
                  new DeadlineScheduler(
                      context.backgroundTransactions(),
                      context.settings().duration("orders.deadline.scan.interval", "1s"))));

  /** Starts the service with {@code settings}; also used by tests. */
  public static SagaService start(Settings settings) {
    return SagaService.start(DEFINITION, settings);
  }

  /** The service's own routes (tests with {@code @SetUpRoute}). */
  public static void routing(HttpRouting.Builder routing, SagaService.Context context) {
    Settings settings = context.settings();
    var catalog =
        new ProductCatalog(
            URI.create(settings.string("orders.inventory.url", "http://127.0.0.1:8082")));
    var placements =
        new PlacementWriter(
            context.transactions(),
            settings.integer("orders.placement.writers", 2),
            settings.integer("orders.placement.batch.max", 100));
    var placement =
        new OrderPlacement(
            context.database(),
            placements,
            catalog,
            settings.duration("orders.saga.timeout", "30s"));
    routing.register(
        "/orders", new OrdersHttpService(context.database(), placement, context.transactions()));
  }
}
