package dev.orderly.common.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The correlation id and span of the work on the current thread: the span is made the current
 * OpenTelemetry context (so spans started inside are its children) and both are mirrored into the
 * logging MDC under the OpenTelemetry log field names, so every log line carries them.
 */
public final class RequestContext {

  public static final String CORRELATION_ID = "correlationId";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";

  private static final ThreadLocal<String> CORRELATION = new ThreadLocal<>();

  private RequestContext() {}

  /** Makes {@code correlationId} and {@code span} current until the returned scope closes. */
  public static Scope open(String correlationId, Span span) {
    String previousCorrelation = CORRELATION.get();
    SpanContext previousSpan = Span.current().getSpanContext();
    io.opentelemetry.context.Scope otel = Context.current().with(span).makeCurrent();
    CORRELATION.set(correlationId);
    mirror(correlationId, span.getSpanContext());
    return () -> {
      otel.close();
      if (previousCorrelation == null) {
        CORRELATION.remove();
      } else {
        CORRELATION.set(previousCorrelation);
      }
      mirror(previousCorrelation, previousSpan);
    };
  }

  /**
   * Makes {@code correlationId} and the span at {@code position} current (for logs and children).
   */
  public static Scope open(String correlationId, SpanContext position) {
    return open(correlationId, Span.wrap(position));
  }

  /** The correlation id of the request or message being handled, if one is. */
  public static Optional<String> currentCorrelationId() {
    return Optional.ofNullable(CORRELATION.get());
  }

  /** The current correlation id, or a new one when no request or message is being handled. */
  public static String correlationId() {
    String current = CORRELATION.get();
    return current == null ? UUID.randomUUID().toString() : current;
  }

  /** The current span's position (invalid when no span is current). */
  public static SpanContext trace() {
    return Span.current().getSpanContext();
  }

  private static void mirror(String correlationId, SpanContext span) {
    put(CORRELATION_ID, correlationId);
    boolean valid = span.isValid();
    put(TRACE_ID, valid ? span.getTraceId() : null);
    put(SPAN_ID, valid ? span.getSpanId() : null);
    put(TRACE_FLAGS, valid ? span.getTraceFlags().asHex() : null);
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Closes a context without checked exceptions. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
