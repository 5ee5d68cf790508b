package dev.orderly.common.health;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.function.BooleanSupplier;

/**
 * A readiness check of one dependency. A required one (the database) takes the pod out of its
 * Service while it is down; a reported one (the broker, whose absence the outbox and the broker's
 * redelivery absorb) only says so in the answer's details, so that a broker restart does not empty
 * every Service at once.
 */
public final class ReadinessCheck implements HealthCheck {

  private final String name;
  private final BooleanSupplier probe;
  private final boolean required;

  private ReadinessCheck(String name, BooleanSupplier probe, boolean required) {
    this.name = name;
    this.probe = probe;
    this.required = required;
  }

  /**
   * Ready only while {@code probe} answers true.
   *
   * @param probe answers within the probe's timeout whether the dependency can be used now
   */
  public static ReadinessCheck required(String name, BooleanSupplier probe) {
    return new ReadinessCheck(name, probe, true);
  }

  /** Always ready; {@code probe}'s answer is the detail {@code available}. */
  public static ReadinessCheck reported(String name, BooleanSupplier probe) {
    return new ReadinessCheck(name, probe, false);
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
    boolean available = probe.getAsBoolean();
    return HealthCheckResponse.builder()
        .status(available || !required)
        .detail("available", available)
        .build();
  }
}
