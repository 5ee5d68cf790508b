package dev.orderly.common.http;

import dev.orderly.common.db.DataAccessException;
import dev.orderly.common.observability.RequestContext;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every error a service produces to an RFC 9457 problem+json response, registered once per
 * routing.
 */
public final class ProblemResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

  /** How long a client should wait after an outage answer. */
  private static final int RETRY_AFTER_SECONDS = 5;

  private ProblemResponses() {}

  /** Registers the error handlers. */
  public static void register(HttpRouting.Builder routing) {
    routing.error(ProblemException.class, (req, res, e) -> send(res, e.problem()));
    routing.error(
        HttpException.class,
        (req, res, e) ->
            send(
                res,
                Problem.of(
                    e.status().code() == 404 ? "not-found" : "http-" + e.status().code(),
                    e.status().reasonPhrase(),
                    e.status().code(),
                    e.getMessage())));
    routing.error(
        RequestException.class,
        (req, res, e) ->
            send(
                res,
                Problem.of(
                    "malformed-request", "Malformed request", e.status().code(), e.getMessage())));
    routing.error(
        DataAccessException.class,
        (req, res, e) -> {
          if (!e.isUnavailable()) {
            internalError(req, res, e);
            return;
          }
          LOG.warn(
              "database unavailable on {} {}: {}",
              req.prologue().method(),
              req.path().absolute().path(),
              e.getMessage());
          res.header(HeaderNames.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
          send(
              res,
              Problem.of(
                  "service-unavailable",
                  "Service unavailable",
                  503,
                  "the database cannot be reached at the moment; retry after "
                      + RETRY_AFTER_SECONDS
                      + " s"));
        });
    routing.error(Exception.class, ProblemResponses::internalError);
  }

  private static void internalError(ServerRequest req, ServerResponse res, Exception e) {
    LOG.error(
        "unexpected error on {} {}", req.prologue().method(), req.path().absolute().path(), e);
    send(
        res,
        Problem.of(
            "internal-error",
            "Internal error",
            500,
            "the request failed unexpectedly; it is logged with this request's correlation id"));
  }

  /**
   * Writes {@code problem} as the response; a server error names the request's correlation id, in
   * the body and (error handling starts the response afresh) in the header again.
   */
  public static void send(ServerResponse response, Problem problem) {
    Optional<String> correlationId = RequestContext.currentCorrelationId();
    correlationId.ifPresent(id -> response.header(RequestObservation.CORRELATION_ID, id));
    Problem sent =
        problem.status() >= 500
            ? correlationId.map(problem::withCorrelationId).orElse(problem)
            : problem;
    try {
      byte[] body = Json.mapper().writeValueAsBytes(sent);
      response
          .status(Status.create(problem.status()))
          .header(HeaderNames.CONTENT_TYPE, "application/problem+json")
          .send(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
