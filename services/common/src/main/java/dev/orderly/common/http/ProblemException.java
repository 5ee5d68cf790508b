package dev.orderly.common.http;

import java.util.List;

/** Thrown by handlers to answer with a problem+json response; mapped once on the routing. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** 400: the request cannot be parsed. */
  public static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of("malformed-request", "Malformed request", 400, detail));
  }

  /** 422: the request parses but is not acceptable. */
  public static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
    return new ProblemException(
        Problem.of("invalid-request", "Invalid request", 422, detail).withErrors(errors));
  }

  /** 404: no such resource. */
  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
  }

  /** 409: the resource is in a state that forbids the change. */
  public static ProblemException conflict(String type, String title, String detail) {
    return new ProblemException(Problem.of(type, title, 409, detail));
  }
}
