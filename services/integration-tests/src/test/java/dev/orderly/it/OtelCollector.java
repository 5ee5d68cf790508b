package dev.orderly.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OpenTelemetry Collector (hack/otelcol, built by hack/lib/otelcol.sh and found through
 * {@code ORDERLY_OTELCOL_BIN}) receiving OTLP over HTTP on a free loopback port and writing every
 * span it receives to a file as OTLP JSON, one export request per line.
 */
final class OtelCollector implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path spans;

  private OtelCollector(Process process, int port, Path spans) {
    this.process = process;
    this.port = port;
    this.spans = spans;
  }

  /** Starts the collector in {@code workDir}; returns once it accepts spans. */
  static OtelCollector start(Path workDir) throws IOException {
    String bin = System.getenv("ORDERLY_OTELCOL_BIN");
    if (bin == null || !Files.isExecutable(Path.of(bin))) {
      throw new IllegalStateException(
          "ORDERLY_OTELCOL_BIN does not name the collector; run the tests with hack/test.sh,"
              + " which builds it (hack/lib/otelcol.sh)");
    }
    int port = ServiceProcess.freePort();
    Path spans = workDir.resolve("spans.jsonl");
    // No telemetry of its own: it would listen on 8888, which two runs at once would share.
    Path config =
        Files.writeString(
            workDir.resolve("otelcol.yaml"),
            """
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:%d
            exporters:
              file:
                path: %s
                format: json
                flush_interval: 100ms
            service:
              telemetry:
                metrics:
                  level: none
              pipelines:
                traces:
                  receivers: [otlp]
                  exporters: [file]
            """
                .formatted(port, spans));
    Path log = TestEnvironment.logs().resolve("otelcol-" + port + ".log");
    Process process =
        new ProcessBuilder(bin, "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    OtelCollector collector = new OtelCollector(process, port, spans);
    collector.awaitReady(log, Duration.ofSeconds(30));
    return collector;
  }

  /** The endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT} (OTLP/HTTP). */
  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Every span received so far, each with the {@code service.name} of its resource. */
  List<ReceivedSpan> spans() {
    List<ReceivedSpan> all = new ArrayList<>();
    if (!Files.exists(spans)) {
      return all;
    }
    try {
      // Only whole lines: the collector may be in the middle of writing the last one.
      String written = Files.readString(spans);
      for (String line : written.substring(0, written.lastIndexOf('\n') + 1).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        for (JsonNode resourceSpans : JSON.readTree(line).path("resourceSpans")) {
          String service = "";
          for (JsonNode attribute : resourceSpans.path("resource").path("attributes")) {
            if (attribute.path("key").asText().equals("service.name")) {
              service = attribute.path("value").path("stringValue").asText();
            }
          }
          for (JsonNode scope : resourceSpans.path("scopeSpans")) {
            for (JsonNode span : scope.path("spans")) {
              all.add(ReceivedSpan.of(service, span));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** A span as the collector received it. */
  record ReceivedSpan(
      String service,
      String name,
      String kind,
      String traceId,
      String spanId,
      String parentSpanId,
      String traceState,
      JsonNode attributes,
      List<String> links) {

    static ReceivedSpan of(String service, JsonNode span) {
      return new ReceivedSpan(
          service,
          span.path("name").asText(),
          span.path("kind").asText(),
          span.path("traceId").asText(),
          span.path("spanId").asText(),
          span.path("parentSpanId").asText(),
          span.path("traceState").asText(),
          span.path("attributes"),
          links(span.path("links")));
    }

    /** Each link as {@code <trace id>-<span id>}. */
    private static List<String> links(JsonNode links) {
      List<String> all = new ArrayList<>();
      links.forEach(
          link -> all.add(link.path("traceId").asText() + "-" + link.path("spanId").asText()));
      return all;
    }

    /** The string value of attribute {@code key}, or null. */
    String attribute(String key) {
      for (JsonNode attribute : attributes) {
        if (attribute.path("key").asText().equals(key)) {
          return attribute.path("value").path("stringValue").asText(null);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return service + ":" + kind + ":" + name + "(" + spanId + "<-" + parentSpanId + ")";
    }
  }

  // The collector logs this line once every receiver listens.
  private void awaitReady(Path log, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the collector exited with " + process.exitValue() + "; see " + log);
      }
      if (Files.readString(log).contains("Everything is ready")) {
        return;
      }
      ServiceProcess.sleep(50);
    }
    throw new IllegalStateException("the collector was not ready in " + timeout + "; see " + log);
  }

  @Override
  public void close() {
    Processes.stop(process, false, Duration.ofSeconds(10));
  }
}
