package dev.orderly.common.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail.
 *
 * @param type URI naming the problem type
 * @param title short summary of the type
 * @param status HTTP status
 * @param detail what went wrong this time
 * @param errors per-field validation errors (an extension member), empty when none
 * @param correlationId the request's {@code X-Correlation-ID} (an extension member), on server
 *     errors, for finding the logs of the request
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors,
    @JsonInclude(JsonInclude.Include.NON_NULL) String correlationId) {

  /** Base of our problem type URIs. */
  public static final String TYPE_BASE = "https://orderly.dev/problems/";

  /**
   * A problem of one of our types, e.g. {@code of("invalid-request", "Invalid request", 400,
   * "...")}.
   */
  public static Problem of(String type, String title, int status, String detail) {
    return new Problem(TYPE_BASE + type, title, status, detail, List.of(), null);
  }

  /** The same problem with field errors. */
  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, List.copyOf(fieldErrors), correlationId);
  }

  /** The same problem naming the request it answers. */
  public Problem withCorrelationId(String id) {
    return new Problem(type, title, status, detail, errors, id);
  }

  /**
   * One invalid field.
   *
   * @param field JSON pointer-like path, e.g. {@code items[2].quantity}
   * @param message what is wrong with it
   */
  public record FieldError(String field, String message) {}
}
