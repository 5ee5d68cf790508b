package dev.orderly.common.testing;

import com.rabbitmq.client.ConnectionFactory;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.DatabaseConfig;
import dev.orderly.common.messaging.BrokerTls;
import dev.orderly.common.messaging.RabbitMqSettings;

/** How tests reach the PostgreSQL and RabbitMQ that {@code hack/infra.sh up} runs on loopback. */
public final class LocalInfrastructure {

  /** PostgreSQL as hack/infra.sh sets it up: a database per service, with the service's role. */
  public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/";

  /** The broker as hack/infra.sh sets it up, with a small prefetch for tests. */
  public static final RabbitMqSettings BROKER =
      new RabbitMqSettings("127.0.0.1", 5672, "orderly", "orderly", "/", 16, 5, BrokerTls.OFF);

  /** The broker's AMQPS port; its certificate names 127.0.0.1 only. */
  public static final int AMQPS_PORT = 5671;

  /** The CA hack/infra.sh made and signed the broker's and the database's certificates with. */
  public static final String TEST_CA = "/etc/orderly/test-tls/ca.crt";

  private LocalInfrastructure() {}

  /**
   * Migrates and opens {@code service}'s database (each service's role shares its name and
   * password).
   */
  public static Database database(String service, int poolSize) {
    return Database.open(new DatabaseConfig(PG_URL + service, service, service, poolSize), service);
  }

  /** A connection factory for the broker, for tests that talk AMQP themselves. */
  public static ConnectionFactory brokerFactory() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(BROKER.host());
    factory.setPort(BROKER.port());
    factory.setUsername(BROKER.user());
    factory.setPassword(BROKER.password());
    return factory;
  }
}
