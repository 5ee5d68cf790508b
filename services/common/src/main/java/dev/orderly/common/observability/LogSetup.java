package dev.orderly.common.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;

/**
 * The services' logging, set up in code (found by logback through the ServiceLoader): one JSON
 * object per line with the MDC (correlationId and the OpenTelemetry fields trace_id, span_id,
 * trace_flags) and service.name, or {@code LOG_FORMAT=text} for reading by eye, at {@code
 * LOG_LEVEL} (default INFO). In code rather than logback.xml because parsing the XML loads some 400
 * classes (XML parser and logback's configuration model) into every service, for good. {@code
 * -Dlogback.configurationFile=...} still takes a file instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder(context, env("LOG_FORMAT", "json")));
    console.start();

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(env("LOG_LEVEL", "INFO"), Level.INFO));
    root.addAppender(console);
    for (String chatty : new String[] {"com.zaxxer.hikari", "org.flywaydb", "io.helidon"}) {
      context.getLogger(chatty).setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if (format.toLowerCase(Locale.ROOT).equals("text")) {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(context);
      text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} [%X{correlationId}] %msg%n");
      text.start();
      return text;
    }
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(context);
    LogstashFieldNames names = new LogstashFieldNames();
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    json.setFieldNames(names);
    json.addProvider(new ServiceNameJsonProvider());
    json.start();
    return json;
  }

  // Straight from the environment, not Settings: logging starts before a service loads its
  // configuration.
  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
