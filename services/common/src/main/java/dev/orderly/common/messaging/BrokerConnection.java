package dev.orderly.common.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One recovering AMQP connection per service; channels are opened from it. */
public final class BrokerConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

  private final Connection connection;

  private BrokerConnection(Connection connection) {
    this.connection = connection;
  }

  /**
   * Connects, retrying for up to {@code startupTimeout} while the broker is not up yet. After the
   * first connection, amqp-client's automatic recovery reconnects and re-registers consumers.
   */
  public static BrokerConnection open(
      RabbitMqSettings settings, String clientName, Duration startupTimeout) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(settings.host());
    factory.setPort(settings.port());
    factory.setUsername(settings.user());
    factory.setPassword(settings.password());
    factory.setVirtualHost(settings.virtualHost());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(1000);
    factory.setRequestedHeartbeat(15);
    factory.setConnectionTimeout(5000);
    settings.tls().applyTo(factory);
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    long backoffMillis = 250;
    while (true) {
      try {
        Connection connection = factory.newConnection(clientName);
        LOG.info(
            "connected to RabbitMQ at {}:{} ({})",
            settings.host(),
            settings.port(),
            settings.tls());
        return new BrokerConnection(connection);
      } catch (IOException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "RabbitMQ at "
                  + settings.host()
                  + ":"
                  + settings.port()
                  + " not reachable within "
                  + startupTimeout,
              e);
        }
        LOG.warn("RabbitMQ not reachable yet ({}); retrying in {} ms", e.toString(), backoffMillis);
        sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5000);
      }
    }
  }

  /** Opens a new channel. */
  public Channel openChannel() {
    try {
      return connection.createChannel();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a channel", e);
    }
  }

  /** True while the connection is open (false during recovery). */
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    try {
      if (connection.isOpen()) {
        connection.close(5000);
      }
    } catch (IOException e) {
      LOG.warn("closing the broker connection failed", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to RabbitMQ", e);
    }
  }
}
