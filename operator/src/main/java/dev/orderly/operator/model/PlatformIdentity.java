package dev.orderly.operator.model;

/**
 * Which platform the objects belong to.
 *
 * @param name the OrderPlatform's name, prefix of every child's name
 * @param namespace the OrderPlatform's namespace, where every child lives
 */
public record PlatformIdentity(String name, String namespace) {

  /** Labels of one of this platform's components. */
  public Labels labels(Component component, String version) {
    return Labels.of(component, name, version);
  }

  /** Name of a component's workload, client Service, PDB and NetworkPolicy. */
  public String workloadName(Component component) {
    return ResourceNames.workload(name, component);
  }
}
