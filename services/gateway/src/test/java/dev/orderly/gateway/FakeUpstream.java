package dev.orderly.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderly.common.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** A small Helidon server standing in for an upstream service; it echoes what it received. */
final class FakeUpstream implements AutoCloseable {

  private final WebServer server;

  private FakeUpstream(WebServer server) {
    this.server = server;
  }

  /** Starts on {@code port} (0 for any) with {@code routes} before the catch-all echo. */
  static FakeUpstream start(int port, Consumer<HttpRouting.Builder> routes) {
    return new FakeUpstream(
        WebServer.builder()
            .host("127.0.0.1")
            .port(port)
            .routing(
                r -> {
                  routes.accept(r);
                  r.any(FakeUpstream::echo);
                })
            .build()
            .start());
  }

  int port() {
    return server.port();
  }

  String uri() {
    return "http://127.0.0.1:" + server.port();
  }

  static void echo(ServerRequest req, ServerResponse res) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("method", req.prologue().method().text());
    body.put("path", req.path().rawPath());
    body.put("query", req.query().rawValue());
    body.put(
        "correlationId", req.headers().first(HeaderNames.create("X-Correlation-ID")).orElse(null));
    body.put("traceparent", req.headers().first(HeaderNames.create("traceparent")).orElse(null));
    body.put("tracestate", req.headers().first(HeaderNames.create("tracestate")).orElse(null));
    body.put("authorization", req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
    body.put("forwardedFor", req.headers().first(HeaderNames.X_FORWARDED_FOR).orElse(null));
    if (!req.content().hasEntity()) {
      body.put("bodyLength", 0);
      Json.send(res, Status.OK_200, body);
      return;
    }
    try (InputStream in = req.content().inputStream()) {
      body.put("bodyLength", in.readAllBytes().length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Json.send(res, Status.OK_200, body);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
