package dev.orderly.common.messaging;

import dev.orderly.common.config.Settings;

/**
 * How to reach the broker and how hard to push it.
 *
 * @param host broker host
 * @param port AMQP port
 * @param user user
 * @param password password
 * @param virtualHost virtual host
 * @param prefetch unacknowledged deliveries per consumer
 * @param deliveryLimit deliveries before a message is dead-lettered
 * @param tls plain AMQP or AMQPS
 */
public record RabbitMqSettings(
    String host,
    int port,
    String user,
    String password,
    String virtualHost,
    int prefetch,
    int deliveryLimit,
    BrokerTls tls) {

  /** Reads {@code rabbitmq.*}. */
  public static RabbitMqSettings from(Settings settings) {
    return new RabbitMqSettings(
        settings.string("rabbitmq.host", "127.0.0.1"),
        settings.integer("rabbitmq.port", 5672),
        settings.string("rabbitmq.user", "orderly"),
        settings.string("rabbitmq.password", "orderly"),
        settings.string("rabbitmq.vhost", "/"),
        settings.integer("rabbitmq.prefetch", 1024),
        settings.integer("rabbitmq.delivery.limit", 5),
        BrokerTls.from(settings));
  }

  @Override
  public String toString() {
    return "RabbitMqSettings["
        + user
        + "@"
        + host
        + ":"
        + port
        + virtualHost
        + ", prefetch="
        + prefetch
        + ", deliveryLimit="
        + deliveryLimit
        + ", "
        + tls
        + "]";
  }
}
