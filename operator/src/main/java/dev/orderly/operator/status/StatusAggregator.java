package dev.orderly.operator.status;

import dev.orderly.operator.api.v1alpha1.ComponentStatus;
import dev.orderly.operator.api.v1alpha1.IngressStatus;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.api.v1alpha1.Phase;
import dev.orderly.operator.model.Component;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Computes an OrderPlatform's status from what the cluster shows: phase, conditions, per-component
 * readiness. Pure: the same observation and clock give the same status. Never Ready while any
 * component is not.
 */
public final class StatusAggregator {

  private final Clock clock;

  public StatusAggregator(Clock clock) {
    this.clock = clock;
  }

  /** The status describing {@code observation}. */
  public OrderPlatformStatus aggregate(PlatformObservation observation) {
    Instant now = clock.instant();
    OrderPlatformStatus previous = observation.previous();
    List<Condition> previousConditions = previous == null ? List.of() : previous.conditions();
    List<ObservedComponent> components = observation.components();
    Problem problem = observation.problem();
    long generation = observation.generation();

    boolean modelled = !components.isEmpty();
    List<String> failures =
        components.stream().flatMap(component -> component.failures().stream()).toList();
    ObservedIngress ingress = observation.ingress();
    // Clients come through the Ingress: a platform whose Ingress no controller took is not serving
    // them.
    boolean ingressServes = ingress == null || ingress.isAdmitted();
    boolean componentsReady = modelled && components.stream().allMatch(ObservedComponent::isReady);
    boolean allReady = problem == null && failures.isEmpty() && componentsReady && ingressServes;
    Phase phase = phase(observation, allReady, failures);

    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Conditions.next(
            previousConditions,
            Conditions.READY,
            allReady,
            readyReason(allReady, problem, failures),
            readyMessage(allReady, problem, components, ingress, failures),
            generation,
            now));
    boolean progressing = !allReady && phase != Phase.Failed && problem == null;
    conditions.add(
        Conditions.next(
            previousConditions,
            Conditions.PROGRESSING,
            progressing,
            progressing ? phase.name() : (allReady ? "Complete" : "Blocked"),
            progressing
                ? waitingFor(components, ingress)
                : (allReady
                    ? "Every component is ready"
                    : "Progress is blocked; see the Degraded condition"),
            generation,
            now));
    boolean degraded = problem != null || !failures.isEmpty();
    conditions.add(
        Conditions.next(
            previousConditions,
            Conditions.DEGRADED,
            degraded,
            problem != null ? problem.reason() : (degraded ? "PodsFailing" : "AsExpected"),
            degradedMessage(problem, failures),
            generation,
            now));
    dataStoreCondition(
            previousConditions,
            Conditions.DATABASE_READY,
            Component.POSTGRES,
            components,
            generation,
            now)
        .ifPresent(conditions::add);
    dataStoreCondition(
            previousConditions,
            Conditions.BROKER_READY,
            Component.RABBITMQ,
            components,
            generation,
            now)
        .ifPresent(conditions::add);

    Integer gatewayReady =
        components.stream()
            .filter(c -> c.component() == Component.GATEWAY)
            .findFirst()
            .map(ObservedComponent::ready)
            .orElse(null);
    return new OrderPlatformStatus(
        phase,
        generation,
        orPrevious(observation.endpoint(), previous, OrderPlatformStatus::endpoint),
        conditions,
        orPrevious(
            modelled ? componentStatuses(previous, components) : null,
            previous,
            OrderPlatformStatus::components),
        ingress == null
            ? (modelled ? null : orPrevious(null, previous, OrderPlatformStatus::ingress))
            : new IngressStatus(ingress.isAdmitted(), ingress.address()),
        readOrPrevious(observation.queues(), previous, OrderPlatformStatus::queues),
        readOrPrevious(observation.autoscaling(), previous, OrderPlatformStatus::autoscaling),
        orPrevious(gatewayReady, previous, OrderPlatformStatus::replicas),
        orPrevious(observation.gatewaySelector(), previous, OrderPlatformStatus::selector));
  }

  /**
   * A map read this time (empty: nothing to show), or when not read, what the previous status held.
   */
  private static <V> Map<String, V> readOrPrevious(
      Map<String, V> observed,
      OrderPlatformStatus previous,
      Function<OrderPlatformStatus, Map<String, V>> field) {
    if (observed == null) {
      return previous == null ? null : field.apply(previous);
    }
    return observed.isEmpty() ? null : observed;
  }

  /** {@code observed}, or what the previous status held when this observation could not tell. */
  private static <T> T orPrevious(
      T observed, OrderPlatformStatus previous, Function<OrderPlatformStatus, T> field) {
    if (observed != null || previous == null) {
      return observed;
    }
    return field.apply(previous);
  }

  private static Phase phase(
      PlatformObservation observation, boolean allReady, List<String> failures) {
    Problem problem = observation.problem();
    if (problem != null) {
      return problem.fatal() ? Phase.Failed : Phase.Degraded;
    }
    if (!failures.isEmpty()) {
      return Phase.Degraded;
    }
    if (allReady) {
      return Phase.Running;
    }
    if (observation.components().stream().noneMatch(c -> c.exists() && !c.external())) {
      return Phase.Pending;
    }
    return isUpgrading(observation) ? Phase.Upgrading : Phase.Provisioning;
  }

  /** A service last rolled out at another version than the spec asks for. */
  private static boolean isUpgrading(PlatformObservation observation) {
    OrderPlatformStatus previous = observation.previous();
    if (previous == null || previous.components() == null) {
      return false;
    }
    return Component.SERVICES.stream()
        .map(service -> previous.components().get(service.id()))
        .anyMatch(
            status ->
                status != null
                    && status.version() != null
                    && !status.version().equals(observation.desiredVersion()));
  }

  private static Map<String, ComponentStatus> componentStatuses(
      OrderPlatformStatus previous, List<ObservedComponent> components) {
    Map<String, ComponentStatus> statuses = new LinkedHashMap<>();
    for (ObservedComponent component : components) {
      String id = component.component().id();
      // The version a component reports is the last one fully rolled out, not the one rolling.
      String lastVersion =
          Optional.ofNullable(previous)
              .map(OrderPlatformStatus::components)
              .map(byId -> byId.get(id))
              .map(ComponentStatus::version)
              .orElse(null);
      String version =
          component.rolledOut() && component.version() != null ? component.version() : lastVersion;
      String message = component.isFailing() ? String.join("; ", component.failures()) : null;
      statuses.put(
          id,
          component.external()
              ? new ComponentStatus(null, null, null, true, null)
              : new ComponentStatus(
                  component.desired(), component.ready(), version, null, message));
    }
    return statuses;
  }

  private static Optional<Condition> dataStoreCondition(
      List<Condition> previous,
      String type,
      Component store,
      List<ObservedComponent> components,
      long generation,
      Instant now) {
    Optional<ObservedComponent> observed =
        components.stream().filter(c -> c.component() == store).findFirst();
    if (observed.isEmpty()) {
      return Conditions.find(previous, type);
    }
    ObservedComponent component = observed.get();
    String reason =
        component.external()
            ? "External"
            : (component.isReady()
                ? "Ready"
                : (component.isFailing() ? "PodsFailing" : "NotReady"));
    String message =
        component.external()
            ? "Using the external " + store.id() + " referenced by the spec"
            : (component.isFailing()
                ? String.join("; ", component.failures())
                : component.summary());
    return Optional.of(
        Conditions.next(previous, type, component.isReady(), reason, message, generation, now));
  }

  private static String readyReason(boolean allReady, Problem problem, List<String> failures) {
    if (allReady) {
      return "AllComponentsReady";
    }
    if (problem != null) {
      return problem.reason();
    }
    return failures.isEmpty() ? "ComponentsNotReady" : "PodsFailing";
  }

  private static String readyMessage(
      boolean allReady,
      Problem problem,
      List<ObservedComponent> components,
      ObservedIngress ingress,
      List<String> failures) {
    if (allReady) {
      return "Every component is ready";
    }
    if (problem != null) {
      return problem.message();
    }
    return failures.isEmpty() ? waitingFor(components, ingress) : String.join("; ", failures);
  }

  private static String degradedMessage(Problem problem, List<String> failures) {
    List<String> parts = new ArrayList<>();
    if (problem != null) {
      parts.add(problem.message());
    }
    parts.addAll(failures);
    return parts.isEmpty() ? "Nothing is failing" : String.join("; ", parts);
  }

  private static String waitingFor(List<ObservedComponent> components, ObservedIngress ingress) {
    List<String> notReady =
        new ArrayList<>(
            components.stream().filter(c -> !c.isReady()).map(ObservedComponent::summary).toList());
    if (ingress != null && !ingress.isAdmitted()) {
      notReady.add(ingress.waitingReason());
    }
    return notReady.isEmpty()
        ? "Waiting for the components"
        : "Waiting for " + String.join(", ", notReady);
  }
}
