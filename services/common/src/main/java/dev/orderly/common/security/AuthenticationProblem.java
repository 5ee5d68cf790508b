package dev.orderly.common.security;

import dev.orderly.common.http.Problem;

/**
 * A request that is not authenticated (401, with a {@code WWW-Authenticate} challenge) or not
 * allowed (403). Thrown by {@link Authentication}; answered by its filter or error handler.
 */
public final class AuthenticationProblem extends RuntimeException {

  private final transient Problem problem;
  private final String challenge;

  private AuthenticationProblem(Problem problem, String challenge) {
    super(problem.detail());
    this.problem = problem;
    this.challenge = challenge;
  }

  /** 401: no token, or one that is not valid. */
  public static AuthenticationProblem unauthenticated(String detail, boolean tokenPresent) {
    String challenge =
        tokenPresent
            ? "Bearer realm=\"orderly\", error=\"invalid_token\", error_description=\""
                + detail.replace("\"", "'")
                + "\""
            : "Bearer realm=\"orderly\"";
    return new AuthenticationProblem(
        Problem.of("unauthenticated", "Unauthenticated", 401, detail), challenge);
  }

  /** 403: authenticated, but without the role the operation needs. */
  public static AuthenticationProblem forbidden(String detail) {
    return new AuthenticationProblem(
        Problem.of("forbidden", "Forbidden", 403, detail),
        "Bearer realm=\"orderly\", error=\"insufficient_scope\"");
  }

  public Problem problem() {
    return problem;
  }

  /** The {@code WWW-Authenticate} header value. */
  public String challenge() {
    return challenge;
  }
}
