package dev.orderly.operator.autoscaling;

/** Reads a queue's depth and rates from a platform's broker. */
@FunctionalInterface
public interface QueueReader {

  /**
   * The current reading of {@code queue} on {@code broker}.
   *
   * @throws QueueReadException when the broker cannot be asked or does not know the queue
   */
  QueueSample read(BrokerAccess broker, String queue);

  /**
   * How to reach a broker's management API.
   *
   * @param baseUrl e.g. {@code http://shop-rabbitmq.shop.svc:15672}
   * @param vhost the virtual host of the queues
   * @param user a user allowed to read the queues
   * @param password its password
   */
  record BrokerAccess(String baseUrl, String vhost, String user, String password) {

    @Override
    public String toString() {
      return "BrokerAccess[" + user + "@" + baseUrl + vhost + "]";
    }
  }

  /** The broker could not be read; the message says why. */
  final class QueueReadException extends RuntimeException {

    public QueueReadException(String message) {
      super(message);
    }

    public QueueReadException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
