package dev.orderly.gateway;

import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemResponses;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/** The problem+json answers the gateway itself gives. */
final class GatewayProblems {

  private GatewayProblems() {}

  static void send(ServerResponse res, UpstreamException e) {
    if (e.retryAfterSeconds() > 0) {
      res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
    ProblemResponses.send(res, e.problem());
  }

  static void notFound(ServerResponse res, String path) {
    ProblemResponses.send(res, Problem.of("not-found", "Not found", 404, "no route for " + path));
  }

  static void tooLarge(ServerResponse res, int limit) {
    ProblemResponses.send(
        res,
        Problem.of(
            "payload-too-large",
            "Payload too large",
            413,
            "the request body exceeds " + limit + " bytes"));
  }
}
