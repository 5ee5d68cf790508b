package dev.orderly.common.observability;

/**
 * The service's name as logs and traces give it ({@code service.name}): {@code OTEL_SERVICE_NAME}
 * when set, else the name the service declared at start-up.
 */
public final class ServiceName {

  private static final String FROM_ENVIRONMENT = System.getenv("OTEL_SERVICE_NAME");
  private static volatile String declared;

  private ServiceName() {}

  static void set(String name) {
    declared = name;
  }

  /** The name, or null before the service declared one and without {@code OTEL_SERVICE_NAME}. */
  public static String get() {
    return FROM_ENVIRONMENT == null || FROM_ENVIRONMENT.isBlank()
        ? declared
        : FROM_ENVIRONMENT.trim();
  }
}
