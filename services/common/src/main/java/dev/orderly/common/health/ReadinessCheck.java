package dev.orderly.common.health;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.function.BooleanSupplier;

/** A readiness check of one dependency (database, broker): up while {@code probe} says so. */
public final class ReadinessCheck implements HealthCheck {

    private final String name;
    private final BooleanSupplier probe;

    /**
     * @param name  the check's name in the health answer
     * @param probe answers quickly whether the dependency can be used now
     */
    public ReadinessCheck(String name, BooleanSupplier probe) {
        this.name = name;
        this.probe = probe;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(probe.getAsBoolean()).build();
    }
}
