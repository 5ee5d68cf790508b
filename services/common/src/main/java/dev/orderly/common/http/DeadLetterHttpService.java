package dev.orderly.common.http;

import dev.orderly.common.messaging.DeadLetters;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;

/** {@code /admin/dead-letters}: see the consumer queue's dead letters and replay them. */
public final class DeadLetterHttpService implements HttpService {

  private final DeadLetters deadLetters;

  public DeadLetterHttpService(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  /** What is waiting in a dead-letter queue. */
  public record Summary(String queue, String deadLetterQueue, long messages) {}

  /** The outcome of a replay. */
  public record Replayed(String deadLetterQueue, int replayed) {}

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::summary).post("/replay", this::replay);
  }

  private void summary(ServerRequest req, ServerResponse res) throws IOException {
    Json.send(
        res,
        Status.OK_200,
        new Summary(
            deadLetters.queue().name(),
            deadLetters.queue().deadLetterQueue(),
            deadLetters.count()));
  }

  private void replay(ServerRequest req, ServerResponse res)
      throws IOException, InterruptedException {
    int limit = req.query().first("limit").map(DeadLetterHttpService::limit).orElse(100);
    Json.send(
        res,
        Status.OK_200,
        new Replayed(deadLetters.queue().deadLetterQueue(), deadLetters.replay(limit)));
  }

  private static int limit(String raw) {
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= 10_000) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.badRequest("limit must be a number from 1 to 10000");
  }
}
