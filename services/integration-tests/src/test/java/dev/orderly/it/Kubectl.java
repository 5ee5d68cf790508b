package dev.orderly.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster through {@code kubectl}, with the KUBECONFIG of the environment (hack/cluster.sh env
 * sets it): what a person operating the platform would type.
 */
final class Kubectl {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FORWARDING =
      Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) ->");

  private Kubectl() {}

  /** Runs {@code kubectl ARGS}; returns its standard output, fails with its standard error. */
  static String run(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
      // Standard error read beside standard output, so that neither pipe can fill and block
      // kubectl.
      var err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command)
                + " failed: "
                + new String(err.join(), StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kubectl ARGS -o json}, parsed. */
  static JsonNode json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-o", "json"));
    try {
      return JSON.readTree(run(all.toArray(String[]::new)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One value of a Secret, decoded. */
  static String secret(String namespace, String name, String key) {
    JsonNode value = json("-n", namespace, "get", "secret", name).path("data").path(key);
    if (value.isMissingNode()) {
      throw new AssertionError("Secret " + namespace + "/" + name + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
  }

  /** {@code kubectl port-forward} of a Service's port to a free port of 127.0.0.1, until closed. */
  static PortForward portForward(String namespace, String service, int port) {
    try {
      Process p =
          new ProcessBuilder(
                  "kubectl", "-n", namespace, "port-forward", "svc/" + service, ":" + port)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      var lines =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        Matcher m = FORWARDING.matcher(line);
        if (m.find()) {
          // Keep draining its output so that it never blocks on a full pipe.
          Thread.ofVirtual().start(() -> lines.lines().forEach(ignored -> {}));
          return new PortForward(p, Integer.parseInt(m.group(1)));
        }
      }
      p.destroyForcibly();
      throw new AssertionError("kubectl port-forward svc/" + service + " ended before forwarding");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running port-forward; closing it stops kubectl. */
  record PortForward(Process process, int localPort) implements AutoCloseable {
    @Override
    public void close() {
      process.destroy();
    }
  }
}
