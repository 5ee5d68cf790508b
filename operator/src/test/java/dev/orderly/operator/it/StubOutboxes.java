package dev.orderly.operator.it;

import dev.orderly.operator.health.OutboxReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the saga services' pods, which the API server tests do not run: the test sets the
 * outbox a pod address reports; any other address answers as an unreachable pod.
 */
final class StubOutboxes implements OutboxReader {

  private final Map<String, OutboxSample> samples = new ConcurrentHashMap<>();

  /** What the pod at {@code podIp} reports from now on. */
  void put(String podIp, long backlog, double oldestAgeSeconds) {
    samples.put(podIp, new OutboxSample(backlog, oldestAgeSeconds));
  }

  @Override
  public OutboxSample read(String podIp) {
    OutboxSample sample = samples.get(podIp);
    if (sample == null) {
      throw new OutboxReadException("cannot reach " + podIp + ":9090: ConnectException");
    }
    return sample;
  }
}
