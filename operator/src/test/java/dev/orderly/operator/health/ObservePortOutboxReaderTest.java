package dev.orderly.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.orderly.operator.health.OutboxReader.OutboxReadException;
import dev.orderly.operator.health.OutboxReader.OutboxSample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObservePortOutboxReaderTest {

  private static final String EXPOSITION =
      """
      # HELP orderly_outbox_backlog Outbox rows not yet confirmed by the broker
      # TYPE orderly_outbox_backlog gauge
      orderly_outbox_backlog{scope="application"} 12.0
      # TYPE orderly_outbox_oldest_age_seconds gauge
      orderly_outbox_oldest_age_seconds 3.75
      orderly_outbox_published_total 40.0
      """;

  @Test
  void readsBothGaugesFromThePodsMetricsWithOrWithoutTheScopeTagHelidonAdds() throws IOException {
    HttpServer pod =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pod.createContext(
        "/observe/metrics",
        exchange -> {
          byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    pod.start();
    try {
      assertThat(new ObservePortOutboxReader(pod.getAddress().getPort()).read("127.0.0.1"))
          .isEqualTo(new OutboxSample(12, 3.75));
    } finally {
      pod.stop(0);
    }
  }

  @Test
  void aServiceWithoutAnOutboxIsNamed() {
    assertThatThrownBy(
            () ->
                ObservePortOutboxReader.parse(
                    "orderly_outbox_backlog 0.0\njvm_uptime_seconds 3.0\n"))
        .isInstanceOf(OutboxReadException.class)
        .hasMessage("the metrics name no orderly_outbox_oldest_age_seconds");
  }

  @Test
  void anUnreachablePodIsNamed() throws IOException {
    int closed;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    assertThatThrownBy(() -> new ObservePortOutboxReader(closed).read("127.0.0.1"))
        .isInstanceOf(OutboxReadException.class)
        .hasMessageStartingWith("cannot reach 127.0.0.1:" + closed);
  }
}
