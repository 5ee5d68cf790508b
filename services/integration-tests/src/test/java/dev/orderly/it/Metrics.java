package dev.orderly.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;

/** A scraped Prometheus exposition of one service. */
final class Metrics {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final List<String> lines;

  private Metrics(List<String> lines) {
    this.lines = lines;
  }

  static Metrics scrape(ServiceProcess service) {
    HttpRequest request =
        HttpRequest.newBuilder(service.uri().resolve("/observe/metrics"))
            .header("Accept", "text/plain")
            .build();
    try {
      return new Metrics(
          HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code orderly_messages_handled_total} of one outcome (processed, duplicate, ...), summed over
   * queues.
   */
  static double messagesHandled(ServiceProcess service, String outcome) {
    return scrape(service).sum("orderly_messages_handled_total", "outcome", outcome);
  }

  /** Sum of all samples of {@code name}, whatever their labels. */
  double total(String name) {
    return sumOf(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
  }

  /** Sum of the samples of {@code name} whose label {@code label} equals {@code value}. */
  double sum(String name, String label, String value) {
    return sumOf(l -> l.startsWith(name + "{") && l.contains(label + "=\"" + value + "\""));
  }

  private double sumOf(Predicate<String> samples) {
    return lines.stream()
        .filter(samples)
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
