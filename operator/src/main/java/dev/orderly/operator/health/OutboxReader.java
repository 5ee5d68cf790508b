package dev.orderly.operator.health;

/** Reads a saga service's outbox gauges from the metrics of one of its pods. */
@FunctionalInterface
public interface OutboxReader {

  /**
   * The outbox of the service whose pod has {@code podIp}.
   *
   * @throws OutboxReadException when the pod cannot be asked or exports no outbox gauges
   */
  OutboxSample read(String podIp);

  /**
   * A service's outbox: one database per service, so any of its pods reports the same rows.
   *
   * @param backlog rows written and not yet confirmed by the broker
   * @param oldestAgeSeconds age of the oldest of them, 0 when there are none
   */
  record OutboxSample(long backlog, double oldestAgeSeconds) {}

  /** The outbox could not be read; the message says why. */
  final class OutboxReadException extends RuntimeException {

    public OutboxReadException(String message) {
      super(message);
    }

    public OutboxReadException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
