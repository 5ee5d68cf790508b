package dev.orderly.operator.health;

import dev.orderly.operator.model.ServiceModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code orderly_outbox_backlog} and {@code orderly_outbox_oldest_age_seconds} from a pod's
 * observe port ({@code /observe/metrics}, the Prometheus text format), the same gauges the alert
 * rules watch.
 */
public final class ObservePortOutboxReader implements OutboxReader {

  static final String BACKLOG = "orderly_outbox_backlog";
  static final String OLDEST_AGE = "orderly_outbox_oldest_age_seconds";

  /**
   * Short: a reading runs inside a reconciliation, and a late one is better skipped than waited
   * for.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final int port;

  /** Reads the services' observe port. */
  public ObservePortOutboxReader() {
    this(ServiceModel.OBSERVE_PORT);
  }

  ObservePortOutboxReader(int port) {
    this.port = port;
  }

  @Override
  public OutboxSample read(String podIp) {
    String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
    URI uri = URI.create("http://" + host + ":" + port + "/observe/metrics");
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "text/plain").GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OutboxReadException(
          "cannot reach " + uri.getAuthority() + ": " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutboxReadException("interrupted reading " + uri, e);
    }
    if (response.statusCode() != 200) {
      throw new OutboxReadException("GET " + uri + " answered " + response.statusCode());
    }
    return parse(response.body());
  }

  /** The two gauges of a Prometheus text exposition. */
  static OutboxSample parse(String exposition) {
    Map<String, Double> gauges = new HashMap<>();
    exposition
        .lines()
        .filter(line -> !line.startsWith("#"))
        .forEach(
            line -> {
              int space = line.lastIndexOf(' ');
              String series = space < 0 ? line : line.substring(0, space);
              // Helidon may tag its meters (scope="application"): the name ends at the labels.
              String name =
                  series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
              if (name.equals(BACKLOG) || name.equals(OLDEST_AGE)) {
                gauges.merge(name, Double.parseDouble(line.substring(space + 1)), Math::max);
              }
            });
    if (!gauges.containsKey(BACKLOG) || !gauges.containsKey(OLDEST_AGE)) {
      throw new OutboxReadException(
          "the metrics name no " + (gauges.containsKey(BACKLOG) ? OLDEST_AGE : BACKLOG));
    }
    return new OutboxSample(Math.round(gauges.get(BACKLOG)), gauges.get(OLDEST_AGE));
  }
}
