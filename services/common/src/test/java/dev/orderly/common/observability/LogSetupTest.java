package dev.orderly.common.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {

  @Test
  void logbackIsConfiguredByLogSetupWithJsonLinesAndQuietLibraries() {
    // The context this JVM's logging runs on: LogSetup must have been found through the
    // ServiceLoader.
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("console");
    assertThat(console).as("the console appender LogSetup adds").isNotNull();
    assertThat(console.getEncoder()).isInstanceOf(LogstashEncoder.class);
    assertThat(root.getLevel())
        .isEqualTo(Level.toLevel(System.getenv().getOrDefault("LOG_LEVEL", "INFO")));
    assertThat(context.getLogger("io.helidon").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void jsonLinesCarryTheOpenTelemetryFieldsOfTheCurrentSpanAndTheServiceName() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var console =
        (OutputStreamAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    var logger = context.getLogger("log-setup-test");
    logger.addAppender(captured);
    ServiceName.set("orders");
    SpanContext span =
        SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    try (RequestContext.Scope ignored = RequestContext.open("corr-1", span)) {
      logger.info("inside");
    }
    logger.info("outside");
    logger.detachAppender(captured);

    JsonNode inside =
        new ObjectMapper().readTree(console.getEncoder().encode(captured.list.get(0)));
    assertThat(inside.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(inside.path("span_id").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(inside.path("trace_flags").asText()).isEqualTo("01");
    assertThat(inside.path("correlationId").asText()).isEqualTo("corr-1");
    assertThat(inside.path("service.name").asText())
        .isEqualTo(System.getenv().getOrDefault("OTEL_SERVICE_NAME", "orders"));
    JsonNode outside =
        new ObjectMapper().readTree(console.getEncoder().encode(captured.list.get(1)));
    assertThat(outside.has("trace_id")).as("no span, no trace_id").isFalse();
    assertThat(outside.has("correlationId")).isFalse();
  }
}
