package dev.orderly.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.api.v1alpha1.ComponentStatus;
import dev.orderly.operator.api.v1alpha1.IngressStatus;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.api.v1alpha1.Phase;
import dev.orderly.operator.model.Component;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status of a platform follows from what its components show. */
class StatusAggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");

  @Test
  void runningAndReadyWhenEveryComponentIsReady() {
    var status = aggregate(T0, null, allReady("0.1.0"), null);

    assertThat(status.phase()).isEqualTo(Phase.Running);
    assertThat(Conditions.isTrue(status.conditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(status.conditions(), Conditions.PROGRESSING)).isFalse();
    assertThat(Conditions.isTrue(status.conditions(), Conditions.DEGRADED)).isFalse();
    assertThat(Conditions.isTrue(status.conditions(), Conditions.DATABASE_READY)).isTrue();
    assertThat(Conditions.isTrue(status.conditions(), Conditions.BROKER_READY)).isTrue();
    assertThat(status.components().get("gateway"))
        .isEqualTo(new ComponentStatus(2, 2, "0.1.0", null, null));
    assertThat(status.observedGeneration()).isEqualTo(3L);
    assertThat(status.endpoint()).isEqualTo("http://shop.localtest.me");
    assertThat(status.replicas()).isEqualTo(2);
  }

  @Test
  void neverReadyWhileAnyComponentIsNot() {
    for (int i = 0; i < allReady("0.1.0").size(); i++) {
      List<ObservedComponent> components = new ArrayList<>(allReady("0.1.0"));
      ObservedComponent ready = components.get(i);
      components.set(
          i,
          new ObservedComponent(
              ready.component(), false, true, ready.desired(), 0, false, "0.1.0", List.of()));

      var status = aggregate(T0, null, components, null);

      assertThat(Conditions.isTrue(status.conditions(), Conditions.READY))
          .as("Ready with %s not ready", ready.component())
          .isFalse();
      assertThat(status.phase()).isEqualTo(Phase.Provisioning);
      assertThat(Conditions.find(status.conditions(), Conditions.READY).orElseThrow().getMessage())
          .contains(ready.component().id() + " (0/");
    }
  }

  @Test
  void keepsTransitionTimesOfConditionsWhoseStatusDidNotChange() {
    var first = aggregate(T0, null, allReady("0.1.0"), null);
    var second = aggregate(T1, first, allReady("0.1.0"), null);

    assertThat(
            Conditions.find(second.conditions(), Conditions.READY)
                .orElseThrow()
                .getLastTransitionTime())
        .isEqualTo(T0.toString());
    assertThat(second).isEqualTo(first);
  }

  @Test
  void copiesAFailingPodsReasonIntoTheConditionsAndComponent() {
    List<ObservedComponent> components = new ArrayList<>(allReady("0.1.0"));
    components.set(
        3,
        new ObservedComponent(
            Component.ORDERS,
            false,
            true,
            2,
            1,
            false,
            "0.1.0",
            List.of(
                "pod shop-orders-7d9f: CrashLoopBackOff (back-off 5m0s restarting failed container)")));

    var status = aggregate(T0, null, components, null);

    assertThat(status.phase()).isEqualTo(Phase.Degraded);
    var degraded = Conditions.find(status.conditions(), Conditions.DEGRADED).orElseThrow();
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("PodsFailing");
    assertThat(degraded.getMessage()).contains("CrashLoopBackOff", "shop-orders-7d9f");
    assertThat(Conditions.find(status.conditions(), Conditions.READY).orElseThrow().getMessage())
        .contains("CrashLoopBackOff");
    assertThat(status.components().get("orders").message()).contains("CrashLoopBackOff");
  }

  @Test
  void aFailingDatabaseShowsInDatabaseReady() {
    List<ObservedComponent> components = new ArrayList<>(allReady("0.1.0"));
    components.set(
        0,
        new ObservedComponent(
            Component.POSTGRES,
            false,
            true,
            1,
            0,
            false,
            "17.6",
            List.of("pod shop-postgres-0: ImagePullBackOff")));

    var database =
        Conditions.find(
                aggregate(T0, null, components, null).conditions(), Conditions.DATABASE_READY)
            .orElseThrow();

    assertThat(database.getStatus()).isEqualTo("False");
    assertThat(database.getReason()).isEqualTo("PodsFailing");
    assertThat(database.getMessage()).contains("ImagePullBackOff");
  }

  @Test
  void upgradingWhileServicesLastRolledOutAnotherVersion() {
    var running = aggregate(T0, null, allReady("0.1.0"), null);
    List<ObservedComponent> rolling = new ArrayList<>(allReady("0.1.0"));
    rolling.set(
        2, new ObservedComponent(Component.AUTH, false, true, 1, 1, false, "0.2.0", List.of()));

    var status = aggregate(T1, running, rolling, null, "0.2.0");

    assertThat(status.phase()).isEqualTo(Phase.Upgrading);
    assertThat(status.components().get("auth").version())
        .as("the last version fully rolled out")
        .isEqualTo("0.1.0");
    assertThat(
            Conditions.find(status.conditions(), Conditions.PROGRESSING).orElseThrow().getReason())
        .isEqualTo("Upgrading");
  }

  @Test
  void anInvalidSpecFailsThePlatformAndKeepsWhatWasKnown() {
    var running = aggregate(T0, null, allReady("0.1.0"), null);
    var status =
        new StatusAggregator(clockAt(T1))
            .aggregate(
                new PlatformObservation(
                    4,
                    running,
                    "0.1.0",
                    null,
                    null,
                    List.of(),
                    Problem.invalidSpec("spec.orders.sagaTimeout: bad"),
                    null,
                    null,
                    null));

    assertThat(status.phase()).isEqualTo(Phase.Failed);
    assertThat(Conditions.isTrue(status.conditions(), Conditions.READY)).isFalse();
    assertThat(Conditions.find(status.conditions(), Conditions.DEGRADED).orElseThrow().getMessage())
        .contains("sagaTimeout");
    assertThat(status.components()).isEqualTo(running.components());
    assertThat(status.endpoint()).isEqualTo(running.endpoint());
    assertThat(status.observedGeneration()).isEqualTo(4L);
  }

  @Test
  void aMissingExternalSecretDegradesThePlatform() {
    List<ObservedComponent> components = new ArrayList<>(allReady("0.1.0"));
    components.set(0, ObservedComponent.external(Component.POSTGRES));

    var status =
        aggregate(T0, null, components, Problem.externalSecret("Secret shop-db does not exist"));

    assertThat(status.phase()).isEqualTo(Phase.Degraded);
    assertThat(Conditions.find(status.conditions(), Conditions.DEGRADED).orElseThrow().getReason())
        .isEqualTo("ExternalSecretMissing");
    assertThat(Conditions.isTrue(status.conditions(), Conditions.READY)).isFalse();
    assertThat(status.components().get("postgres").external()).isTrue();
  }

  @Test
  void notReadyUntilAnIngressControllerAdmittedTheIngress() {
    var waiting =
        aggregate(
            T0,
            null,
            allReady("0.1.0"),
            null,
            "0.1.0",
            new ObservedIngress("shop-gateway", true, null));

    assertThat(Conditions.isTrue(waiting.conditions(), Conditions.READY)).isFalse();
    assertThat(waiting.phase()).isEqualTo(Phase.Provisioning);
    assertThat(Conditions.find(waiting.conditions(), Conditions.READY).orElseThrow().getMessage())
        .isEqualTo(
            "Waiting for Ingress shop-gateway (not admitted: its controller has published no address; is spec.ingress.className served?)");
    assertThat(waiting.ingress()).isEqualTo(new IngressStatus(false, null));

    var admitted =
        aggregate(
            T0,
            waiting,
            allReady("0.1.0"),
            null,
            "0.1.0",
            new ObservedIngress("shop-gateway", true, "10.0.0.7"));

    assertThat(Conditions.isTrue(admitted.conditions(), Conditions.READY)).isTrue();
    assertThat(admitted.ingress()).isEqualTo(new IngressStatus(true, "10.0.0.7"));
  }

  private static OrderPlatformStatus aggregate(
      Instant now,
      OrderPlatformStatus previous,
      List<ObservedComponent> components,
      Problem problem) {
    return aggregate(now, previous, components, problem, "0.1.0");
  }

  private static OrderPlatformStatus aggregate(
      Instant now,
      OrderPlatformStatus previous,
      List<ObservedComponent> components,
      Problem problem,
      String version) {
    return aggregate(now, previous, components, problem, version, null);
  }

  private static OrderPlatformStatus aggregate(
      Instant now,
      OrderPlatformStatus previous,
      List<ObservedComponent> components,
      Problem problem,
      String version,
      ObservedIngress ingress) {
    return new StatusAggregator(clockAt(now))
        .aggregate(
            new PlatformObservation(
                3,
                previous,
                version,
                "http://shop.localtest.me",
                "app.kubernetes.io/name=gateway",
                components,
                problem,
                Map.of(),
                ingress,
                Map.of()));
  }

  private static List<ObservedComponent> allReady(String version) {
    return List.of(
        ready(Component.POSTGRES, 1, "17.6"),
        ready(Component.RABBITMQ, 1, "4.1.4"),
        ready(Component.AUTH, 1, version),
        ready(Component.ORDERS, 2, version),
        ready(Component.INVENTORY, 1, version),
        ready(Component.GATEWAY, 2, version));
  }

  private static ObservedComponent ready(Component component, int replicas, String version) {
    return new ObservedComponent(
        component, false, true, replicas, replicas, true, version, List.of());
  }

  private static Clock clockAt(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
