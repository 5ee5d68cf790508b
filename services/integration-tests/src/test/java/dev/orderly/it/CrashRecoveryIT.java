package dev.orderly.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Processes and the broker dying in the middle of a burst of orders lose nothing and apply nothing
 * twice.
 */
class CrashRecoveryIT {

  private Platform platform;
  private Scenario scenario;

  @BeforeEach
  void start() {
    platform = Platform.start();
    scenario = new Scenario(platform.client());
  }

  @AfterEach
  void stop() {
    TestEnvironment.infra("rabbitmq-start");
    platform.close();
  }

  @Test
  void rabbitMqStoppedAndRestartedMidBurst() {
    String widget = scenario.product("widget", 150);
    AtomicBoolean faulted = new AtomicBoolean();

    List<UUID> orders =
        scenario.burst(
            List.of(scenario.client()),
            widget,
            200,
            placed -> {
              if (placed == 60 && faulted.compareAndSet(false, true)) {
                TestEnvironment.infra("rabbitmq-stop");
                ServiceProcess.sleep(3000);
                TestEnvironment.infra("rabbitmq-start");
              }
            });

    assertThat(faulted).isTrue();
    assertThat(orders).hasSize(200);
    scenario.assertInvariantsHold();
  }

  @Test
  void inventoryKilledHardMidBurstOf500AndRestarted() {
    String widget = scenario.product("widget", 400);
    AtomicBoolean killed = new AtomicBoolean();
    ServiceProcess inventory = platform.inventory.getFirst();

    List<UUID> orders =
        scenario.burst(
            List.of(scenario.client()),
            widget,
            500,
            placed -> {
              if (placed == 150 && killed.compareAndSet(false, true)) {
                inventory.killHard();
              }
            });
    inventory.restart();

    assertThat(killed).isTrue();
    assertThat(orders).hasSize(500);
    scenario.assertInvariantsHold();
  }
}
