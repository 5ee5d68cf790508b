package dev.orderly.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus server (the binaries hack/lib/prometheus.sh unpacks, found through {@code
 * ORDERLY_PROMETHEUS_BIN}) on a free loopback port, with a configuration the test writes, and its
 * HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final URI uri;
  private final Path log;

  private PrometheusServer(Process process, URI uri, Path log) {
    this.process = process;
    this.uri = uri;
    this.log = log;
  }

  /** The folder holding {@code prometheus} and {@code promtool}. */
  static Path binaries() {
    String bin = System.getenv("ORDERLY_PROMETHEUS_BIN");
    if (bin == null || !Files.isExecutable(Path.of(bin, "prometheus"))) {
      throw new IllegalStateException(
          "ORDERLY_PROMETHEUS_BIN does not name a folder with Prometheus; "
              + "run the tests with hack/test.sh, which unpacks it (hack/lib/prometheus.sh)");
    }
    return Path.of(bin);
  }

  /**
   * Starts Prometheus with {@code config} (prometheus.yml text) in {@code workDir}; returns once it
   * is ready.
   */
  static PrometheusServer start(Path workDir, String config) throws IOException {
    Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config);
    int port = ServiceProcess.freePort();
    Path log = TestEnvironment.logs().resolve("prometheus-" + port + ".log");
    Process process =
        new ProcessBuilder(
                binaries().resolve("prometheus").toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitReady();
    return server;
  }

  /** Runs promtool with {@code args} in {@code dir}; returns its exit code and output. */
  static ToolResult promtool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binaries().resolve("promtool").toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new ToolResult(p.waitFor(), output);
  }

  /** What a promtool run returned. */
  record ToolResult(int exitCode, String output) {}

  /**
   * GET {@code /api/v1/<path>}; the {@code data} of a successful answer, else fails naming the
   * error.
   */
  JsonNode api(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(uri.resolve("/api/v1/" + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      JsonNode answer =
          JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
      if (!"success".equals(answer.path("status").asText())) {
        throw new AssertionError(
            "Prometheus refused " + path + ": " + answer.path("error").asText());
      }
      return answer.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The instant vector {@code expr} evaluates to now ({@code data.result}). */
  JsonNode query(String expr) {
    return api("query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).path("result");
  }

  private void awaitReady() {
    Processes.awaitOk("Prometheus", process, uri.resolve("/-/ready"), Duration.ofSeconds(30), log);
  }

  @Override
  public void close() {
    Processes.stop(process, false, Duration.ofSeconds(10));
  }
}
