package dev.orderly.common.health;

import dev.orderly.common.messaging.BrokerConnection;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Readiness: the broker connection is open (it is not while amqp-client recovers it). */
public final class BrokerHealthCheck implements HealthCheck {

    private final BrokerConnection connection;

    public BrokerHealthCheck(BrokerConnection connection) {
        this.connection = connection;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(connection.isOpen()).build();
    }
}
