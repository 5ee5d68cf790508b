package dev.orderly.operator.api.v1alpha1;

/** The duration syntax the services accept (see docs/configuration.md). */
public final class Durations {

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or an ISO-8601 duration such as {@code PT30S}. */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h)|P(T?[0-9]+(\\.[0-9]+)?[DHMS])+)$";

  private Durations() {}
}
