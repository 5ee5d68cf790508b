package dev.orderly.operator.model;

/** A spec the schema accepts but the operator cannot turn into a platform; names the field. */
public class InvalidSpecException extends RuntimeException {

  private final String field;

  public InvalidSpecException(String field, String problem) {
    super("spec." + field + ": " + problem);
    this.field = field;
  }

  /** Path of the offending field below {@code spec}. */
  public String field() {
    return field;
  }
}
