package dev.orderly.it;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places orders the way a careful client does while the platform is being disrupted: each order
 * under its own Idempotency-Key, sent again with the same key after a transport error, a 429 or a
 * 5xx until the answer is definite. So every accepted order is known to the test (an answer lost on
 * the way is asked for again) and none is placed twice.
 */
final class PatientPlacer implements Scenario.Placer {

  private static final Duration PAUSE = Duration.ofMillis(500);

  private final SagaClient client;
  private final Duration patience;
  private final Map<String, AtomicInteger> resent = new ConcurrentHashMap<>();

  /**
   * @param patience how long one order may go without a definite answer before the test fails
   */
  PatientPlacer(SagaClient client, Duration patience) {
    this.client = client;
    this.patience = patience;
  }

  @Override
  public UUID place(String customer, Map<String, Integer> items) {
    String key = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      String lastAnswer;
      try {
        SagaClient.Response r = client.placeOrder(customer, items, key);
        if (r.status() == 202) {
          return UUID.fromString(r.body().get("id").asText());
        }
        if (r.status() != 429 && r.status() < 500) {
          throw new AssertionError("placing an order answered " + r);
        }
        lastAnswer = String.valueOf(r.status());
      } catch (UncheckedIOException e) {
        lastAnswer = e.getCause().getClass().getSimpleName();
      }
      resent.computeIfAbsent(lastAnswer, k -> new AtomicInteger()).incrementAndGet();
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no definite answer to an order within " + patience + " (last: " + lastAnswer + ")");
      }
      ServiceProcess.sleep(PAUSE.toMillis());
    }
  }

  /** How often a request was sent again, by what its previous attempt got. */
  Map<String, Integer> resent() {
    Map<String, Integer> counts = new TreeMap<>();
    resent.forEach((reason, n) -> counts.put(reason, n.get()));
    return counts;
  }
}
