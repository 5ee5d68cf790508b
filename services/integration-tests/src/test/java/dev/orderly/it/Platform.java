package dev.orderly.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The saga services as processes: one or more instances each of orders and inventory. */
final class Platform implements AutoCloseable {

    final List<ServiceProcess> inventory = new ArrayList<>();
    final List<ServiceProcess> orders = new ArrayList<>();

    /** Starts {@code instances} of each service; {@code ordersEnv} adds settings for the orders service. */
    static Platform start(int instances, Map<String, String> ordersEnv) {
        Platform platform = new Platform();
        try {
            for (int i = 0; i < instances; i++) {
                platform.inventory.add(ServiceProcess.start("inventory", common()));
            }
            for (int i = 0; i < instances; i++) {
                Map<String, String> env = common();
                env.put("ORDERS_INVENTORY_URL", platform.inventory.get(i).uri().toString());
                env.putAll(ordersEnv);
                platform.orders.add(ServiceProcess.start("orders", env));
            }
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    static Platform start() {
        return start(1, Map.of());
    }

    private static Map<String, String> common() {
        Map<String, String> env = new HashMap<>();
        env.put("LOG_FORMAT", "json");
        return env;
    }

    /** A client of the first orders instance and the first inventory instance. */
    SagaClient client() {
        return new SagaClient(orders.getFirst().uri(), inventory.getFirst().uri());
    }

    @Override
    public void close() {
        orders.forEach(ServiceProcess::close);
        inventory.forEach(ServiceProcess::close);
    }
}
