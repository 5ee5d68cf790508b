package dev.orderly.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.awaitility.Awaitility;

/**
 * One test's world: its own products and customers (so tests sharing the databases do not see each
 * other), every order it got accepted, and the invariants over them.
 */
final class Scenario {

  private final String prefix = UUID.randomUUID().toString().substring(0, 8);
  private final SagaClient client;
  private final ServiceDatabases databases;
  private final Map<String, Integer> initialStock = new ConcurrentHashMap<>();
  private final Set<UUID> accepted = ConcurrentHashMap.newKeySet();

  /** A scenario on the local databases of hack/infra.sh. */
  Scenario(SagaClient client) {
    this(client, ServiceDatabases.LOCAL);
  }

  Scenario(SagaClient client, ServiceDatabases databases) {
    this.client = client;
    this.databases = databases;
  }

  SagaClient client() {
    return client;
  }

  /** Creates a product with {@code stock} units; returns its id. */
  String product(String name, int stock) {
    String id = prefix + "-" + name;
    client.createProduct(id, stock);
    initialStock.put(id, stock);
    return id;
  }

  String customer(String name) {
    return prefix + "-" + name;
  }

  /** Places an order through {@code via} and remembers it for the invariants. */
  UUID place(SagaClient via, String customer, Map<String, Integer> items) {
    UUID id = via.placeOrder(customer, items);
    accepted.add(id);
    return id;
  }

  /** Remembers an order placed some other way, for the invariants. */
  void acceptedElsewhere(UUID order) {
    accepted.add(order);
  }

  UUID place(String customer, Map<String, Integer> items) {
    return place(client, customer, items);
  }

  /** Places one order for a customer; returns the id of the accepted order. */
  @FunctionalInterface
  interface Placer {
    UUID place(String customer, Map<String, Integer> items);
  }

  /**
   * Places {@code count} single-unit orders of {@code product} from 8 threads, spread over {@code
   * clients}; {@code progress} hears the running count (to inject a fault midway).
   */
  List<UUID> burst(List<SagaClient> clients, String product, int count, IntConsumer progress) {
    AtomicInteger next = new AtomicInteger();
    return burst(
        (customer, items) ->
            clients.get(next.getAndIncrement() % clients.size()).placeOrder(customer, items),
        product,
        count,
        progress);
  }

  /**
   * Places {@code count} single-unit orders of {@code product} through {@code placer} from 8
   * threads, the customers taking turns; every accepted order is remembered for the invariants.
   */
  List<UUID> burst(Placer placer, String product, int count, IntConsumer progress) {
    return burst(placer, product, count, 8, progress);
  }

  /** The same from {@code threads} threads. */
  List<UUID> burst(Placer placer, String product, int count, int threads, IntConsumer progress) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger placed = new AtomicInteger();
    List<Future<UUID>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        String customer = customer("c" + (i % 10));
        futures.add(
            pool.submit(
                () -> {
                  UUID id = placer.place(customer, Map.of(product, 1));
                  accepted.add(id);
                  progress.accept(placed.incrementAndGet());
                  return id;
                }));
      }
      List<UUID> ids = new ArrayList<>();
      for (Future<UUID> f : futures) {
        ids.add(f.get());
      }
      return ids;
    } catch (Exception e) {
      throw new AssertionError("burst failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until the order reaches {@code status}. */
  void awaitStatus(String customer, UUID order, String status) {
    Awaitility.await("order " + order + " " + status)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> client.status(customer, order), status::equals);
  }

  /** The invariant checker over everything this scenario created. */
  InvariantChecker invariants() {
    return new InvariantChecker(initialStock, accepted, databases);
  }

  /** Asserts the invariants hold once the saga settles (bounded wait). */
  void assertInvariantsHold() {
    assertThat(accepted).as("the scenario placed orders").isNotEmpty();
    invariants().awaitHolds(Duration.ofSeconds(90));
  }

  static Map<String, Integer> items(Object... productThenQuantity) {
    Map<String, Integer> items = new LinkedHashMap<>();
    for (int i = 0; i < productThenQuantity.length; i += 2) {
      items.put((String) productThenQuantity[i], (Integer) productThenQuantity[i + 1]);
    }
    return items;
  }
}
