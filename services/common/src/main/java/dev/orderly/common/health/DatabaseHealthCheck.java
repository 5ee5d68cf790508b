package dev.orderly.common.health;

import dev.orderly.common.db.Database;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Readiness: the service's database answers. */
public final class DatabaseHealthCheck implements HealthCheck {

    private final Database database;

    public DatabaseHealthCheck(Database database) {
        this.database = database;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(database.isReachable(2)).build();
    }
}
