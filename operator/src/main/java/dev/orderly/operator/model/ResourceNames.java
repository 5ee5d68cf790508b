package dev.orderly.operator.model;

/**
 * Names of the objects the operator creates for a platform; all derive from the platform's name.
 */
public final class ResourceNames {

  private ResourceNames() {}

  /**
   * Deployment, StatefulSet, client Service, PodDisruptionBudget and NetworkPolicy of a component.
   */
  public static String workload(String platform, Component component) {
    return platform + "-" + component.id();
  }

  /** Headless Service giving a StatefulSet's pods stable DNS names. */
  public static String headlessService(String platform, Component component) {
    return workload(platform, component) + "-headless";
  }

  /** Generated passwords of the database superuser and of each service's role. */
  public static String postgresCredentials(String platform) {
    return platform + "-postgres-credentials";
  }

  /** Script creating one database and role per service on first start. */
  public static String postgresInit(String platform) {
    return platform + "-postgres-init";
  }

  /** Generated passwords of the broker's users. */
  public static String rabbitmqCredentials(String platform) {
    return platform + "-rabbitmq-credentials";
  }

  /** rabbitmq.conf and enabled_plugins. */
  public static String rabbitmqConfig(String platform) {
    return platform + "-rabbitmq-config";
  }

  /** The broker definitions (users, topology) loaded at boot; holds passwords, hence a Secret. */
  public static String rabbitmqDefinitions(String platform) {
    return platform + "-rabbitmq-definitions";
  }

  /** The JWT signing key and the bootstrap admin password of the auth service. */
  public static String authKeys(String platform) {
    return platform + "-auth-keys";
  }

  /** The Ingress in front of the gateway. */
  public static String ingress(String platform) {
    return workload(platform, Component.GATEWAY);
  }
}
