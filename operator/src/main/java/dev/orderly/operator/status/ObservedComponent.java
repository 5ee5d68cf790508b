package dev.orderly.operator.status;

import dev.orderly.operator.model.Component;
import java.util.List;

/**
 * What the cluster shows of one component.
 *
 * @param component which component
 * @param external true when the component is external and nothing is deployed for it
 * @param exists whether its workload exists
 * @param desired pods asked for
 * @param ready pods ready
 * @param rolledOut every desired pod runs the current template and is ready
 * @param version the version its workload is labelled with, null when unknown
 * @param failures why its pods are failing, empty when they are not
 */
public record ObservedComponent(
    Component component,
    boolean external,
    boolean exists,
    int desired,
    int ready,
    boolean rolledOut,
    String version,
    List<String> failures) {

  public ObservedComponent {
    failures = List.copyOf(failures);
  }

  /** A component the platform uses but does not deploy. */
  public static ObservedComponent external(Component component) {
    return new ObservedComponent(component, true, true, 0, 0, true, null, List.of());
  }

  /** A component whose workload does not exist (yet). */
  public static ObservedComponent missing(Component component, int desired) {
    return new ObservedComponent(component, false, false, desired, 0, false, null, List.of());
  }

  /** External, or deployed with every desired pod ready at the current template. */
  public boolean isReady() {
    return external || (exists && rolledOut);
  }

  /** Some pod of the component is failing. */
  public boolean isFailing() {
    return !failures.isEmpty();
  }

  /** e.g. {@code orders (1/2 ready)} or {@code orders (missing)}. */
  public String summary() {
    return component.id() + (exists ? " (" + ready + "/" + desired + " ready)" : " (missing)");
  }
}
