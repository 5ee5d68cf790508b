package dev.orderly.operator.model;

/** Validation of replica counts the schema may leave unset. */
final class Replicas {

  static final int MAX = 100;

  private Replicas() {}

  static int orDefault(Integer requested, int defaultValue, String field) {
    int replicas = requested == null ? defaultValue : requested;
    if (replicas < 0 || replicas > MAX) {
      throw new InvalidSpecException(field, "must be between 0 and " + MAX + ", got " + replicas);
    }
    return replicas;
  }
}
