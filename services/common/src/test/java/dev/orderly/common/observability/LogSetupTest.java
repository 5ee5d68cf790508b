package dev.orderly.common.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
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
}
