package dev.orderly.operator.model;

/**
 * Where images come from: the operator's defaults, overridable per platform for the services.
 *
 * @param registry default registry (and path) of the service images, e.g. {@code ghcr.io/orderly}
 * @param postgres full PostgreSQL image reference
 * @param rabbitmq full RabbitMQ image reference (with the management plugin)
 */
public record Images(String registry, String postgres, String rabbitmq) {

  public static final String DEFAULT_REGISTRY = "ghcr.io/orderly";
  public static final String DEFAULT_POSTGRES = "docker.io/library/postgres:17.6";
  public static final String DEFAULT_RABBITMQ = "docker.io/library/rabbitmq:4.1.4-management";

  /** The defaults used when the operator's environment sets nothing. */
  public static Images defaults() {
    return new Images(DEFAULT_REGISTRY, DEFAULT_POSTGRES, DEFAULT_RABBITMQ);
  }

  /** {@code <registry>/<service>:<version>}; a trailing slash on the registry is tolerated. */
  public static String serviceImage(String registry, Component service, String version) {
    String base = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
    return base + "/" + service.id() + ":" + version;
  }

  /** The tag of an image reference, used as the version label; "latest" when it has none. */
  public static String tagOf(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(colon + 1) : "latest";
  }
}
