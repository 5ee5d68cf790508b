package dev.orderly.operator.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Reads queues through RabbitMQ's management HTTP API ({@code GET /api/queues/{vhost}/{name}}). */
public final class ManagementApiQueueReader implements QueueReader {

  /**
   * Short: a reading runs inside a reconciliation, and a late one is better skipped than waited
   * for.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private static final String COLUMNS =
      "messages_ready,messages_unacknowledged,consumers,message_stats.publish_details.rate,message_stats.ack_details.rate";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public QueueSample read(BrokerAccess broker, String queue) {
    URI uri =
        URI.create(
            broker.baseUrl()
                + "/api/queues/"
                + encode(broker.vhost())
                + "/"
                + encode(queue)
                + "?columns="
                + COLUMNS);
    String credentials = broker.user() + ":" + broker.password();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new QueueReadException("cannot reach " + broker.baseUrl() + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueReadException("interrupted reading " + queue, e);
    }
    if (response.statusCode() != 200) {
      throw new QueueReadException(
          "GET "
              + uri.getPath()
              + " answered "
              + response.statusCode()
              + (response.statusCode() == 404 ? " (no such queue yet)" : ""));
    }
    return parse(response.body());
  }

  private QueueSample parse(String body) {
    try {
      JsonNode queue = json.readTree(body);
      JsonNode stats = queue.path("message_stats");
      return new QueueSample(
          queue.path("messages_ready").asLong(),
          queue.path("messages_unacknowledged").asLong(),
          queue.path("consumers").asInt(),
          // Absent until the queue has seen traffic: no rate is a rate of 0.
          stats.path("publish_details").path("rate").asDouble(0),
          stats.path("ack_details").path("rate").asDouble(0));
    } catch (IOException e) {
      throw new QueueReadException("the management API answered something other than JSON", e);
    }
  }

  private static String encode(String segment) {
    // The default vhost "/" must travel as %2F.
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String describe(IOException e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + " " + e.getMessage();
  }
}
