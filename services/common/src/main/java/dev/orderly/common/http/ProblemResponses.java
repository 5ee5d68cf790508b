package dev.orderly.common.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every error a service produces to an RFC 9457 problem+json response, registered once per routing. */
public final class ProblemResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    /** Registers the error handlers. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ProblemException.class, (req, res, e) -> send(res, e.problem()));
        routing.error(HttpException.class, (req, res, e) -> send(res, Problem.of(
                e.status().code() == 404 ? "not-found" : "http-" + e.status().code(),
                e.status().reasonPhrase(), e.status().code(), e.getMessage())));
        routing.error(RequestException.class, (req, res, e) -> send(res, Problem.of("malformed-request",
                "Malformed request", e.status().code(), e.getMessage())));
        routing.error(Exception.class, (req, res, e) -> {
            LOG.error("unexpected error on {} {}", req.prologue().method(), req.path().absolute().path(), e);
            send(res, Problem.of("internal-error", "Internal error", 500,
                    "the request failed unexpectedly; it is logged with this request's correlation id"));
        });
    }

    /** Writes {@code problem} as the response. */
    public static void send(ServerResponse response, Problem problem) {
        try {
            byte[] body = Json.mapper().writeValueAsBytes(problem);
            response.status(Status.create(problem.status()))
                    .header(HeaderNames.CONTENT_TYPE, "application/problem+json")
                    .send(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
