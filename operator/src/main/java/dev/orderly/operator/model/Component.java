package dev.orderly.operator.model;

import java.util.List;

/** The parts of a platform the operator deploys, with the role each plays. */
public enum Component {
  GATEWAY("gateway", "gateway"),
  AUTH("auth", "identity"),
  ORDERS("orders", "service"),
  INVENTORY("inventory", "service"),
  RABBITMQ("rabbitmq", "broker"),
  POSTGRES("postgres", "database");

  /** The four Helidon services, in the order a version change rolls them. */
  public static final List<Component> SERVICES = List.of(AUTH, ORDERS, INVENTORY, GATEWAY);

  private final String id;
  private final String role;

  Component(String id, String role) {
    this.id = id;
    this.role = role;
  }

  /** Lower-case name used in resource names, labels, images, databases and status keys. */
  public String id() {
    return id;
  }

  /** Value of the {@code app.kubernetes.io/component} label. */
  public String role() {
    return role;
  }
}
