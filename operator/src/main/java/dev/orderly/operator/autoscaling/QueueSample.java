package dev.orderly.operator.autoscaling;

/**
 * One reading of a consumer's queue.
 *
 * @param ready messages waiting for a consumer
 * @param unacknowledged messages delivered and not yet acknowledged (in a pod's prefetch window)
 * @param consumers consumers attached
 * @param publishRate messages per second published to the queue
 * @param consumeRate messages per second the consumers acknowledged
 */
public record QueueSample(
    long ready, long unacknowledged, int consumers, double publishRate, double consumeRate) {

  /**
   * What the pods still have to work through: waiting and in-flight messages (KEDA's QueueLength).
   */
  public long backlog() {
    return ready + unacknowledged;
  }
}
