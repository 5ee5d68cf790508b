package dev.orderly.common.observability;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The correlation id and trace position of the work on the current thread, mirrored into the
 * logging MDC so every log line carries them.
 */
public final class RequestContext {

  public static final String CORRELATION_ID = "correlationId";
  public static final String TRACE_ID = "traceId";

  private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

  private RequestContext() {}

  /** Makes {@code correlationId} and {@code trace} current until the returned scope closes. */
  public static Scope open(String correlationId, TraceContext trace) {
    Current previous = CURRENT.get();
    CURRENT.set(new Current(correlationId, trace));
    MDC.put(CORRELATION_ID, correlationId);
    MDC.put(TRACE_ID, trace.traceId());
    return () -> {
      if (previous == null) {
        CURRENT.remove();
        MDC.remove(CORRELATION_ID);
        MDC.remove(TRACE_ID);
      } else {
        CURRENT.set(previous);
        MDC.put(CORRELATION_ID, previous.correlationId());
        MDC.put(TRACE_ID, previous.trace().traceId());
      }
    };
  }

  /** The correlation id of the request or message being handled, if one is. */
  public static Optional<String> currentCorrelationId() {
    return Optional.ofNullable(CURRENT.get()).map(Current::correlationId);
  }

  /** The current correlation id, or a new one when no request or message is being handled. */
  public static String correlationId() {
    Current c = CURRENT.get();
    return c == null ? UUID.randomUUID().toString() : c.correlationId();
  }

  /** The current trace position, or a new trace. */
  public static TraceContext trace() {
    Current c = CURRENT.get();
    return c == null ? TraceContext.newTrace() : c.trace();
  }

  /** Closes a context without checked exceptions. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  private record Current(String correlationId, TraceContext trace) {}
}
