package dev.orderly.common.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

/**
 * Writes {@code service.name} (the OpenTelemetry resource attribute) into every JSON log line, read
 * per line because logging starts before the service has declared its name.
 */
public final class ServiceNameJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public ServiceNameJsonProvider() {
    setFieldName("service.name");
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    String name = ServiceName.get();
    if (name != null) {
      generator.writeStringField(getFieldName(), name);
    }
  }
}
