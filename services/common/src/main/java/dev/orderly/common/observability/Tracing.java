package dev.orderly.common.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The process's OpenTelemetry. With {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or its traces-only
 * variant) set, the SDK is configured from the standard {@code OTEL_*} variables and exports spans
 * over OTLP/HTTP; otherwise nothing is recorded, and a caller's trace context passes through every
 * hop unchanged (into the logs too). Trace context travels as W3C {@code traceparent} and {@code
 * tracestate}, over HTTP and in AMQP headers alike.
 */
public final class Tracing {

  /** The W3C Trace Context header that names the parent span. */
  public static final String TRACEPARENT = "traceparent";

  /** The W3C Trace Context header with vendors' state, passed on unchanged. */
  public static final String TRACESTATE = "tracestate";

  /** The attribute naming the order a span worked on. */
  public static final String ORDER_ID = "orderly.order.id";

  private static final String INSTRUMENTATION_SCOPE = "dev.orderly";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Function<String, String>> LOOKUP =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
          return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
          return carrier == null ? null : carrier.apply(key);
        }
      };

  private static volatile OpenTelemetry openTelemetry =
      OpenTelemetry.propagating(ContextPropagators.create(W3C));
  private static volatile Tracer tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
  private static volatile boolean exporting;

  private Tracing() {}

  /**
   * Sets the process's OpenTelemetry up for {@code serviceName} ({@code OTEL_SERVICE_NAME} wins),
   * once, before the service handles anything.
   */
  public static synchronized void start(String serviceName) {
    ServiceName.set(serviceName);
    if (exporting || !exportConfigured()) {
      return;
    }
    // Metrics stay with Prometheus and logs with stdout: only traces leave by OTLP, unless the
    // OTEL_* variables say otherwise. OTLP over HTTP (port 4318), the one protocol the JDK's own
    // HTTP client can send: gRPC would need OkHttp or grpc-java beside it.
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.service.name", serviceName,
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
            .build()
            .getOpenTelemetrySdk();
    openTelemetry = sdk;
    tracer = sdk.getTracer(INSTRUMENTATION_SCOPE);
    exporting = true;
  }

  /** The tracer every span of the services comes from. */
  public static Tracer tracer() {
    return tracer;
  }

  /**
   * The context a remote parent left in {@code headers} (looked up by name), or the root context
   * when there is none or it is malformed: the next span then starts a new trace.
   */
  public static Context extract(Function<String, String> headers) {
    return W3C.extract(Context.root(), headers, LOOKUP);
  }

  /** The context {@code traceparent} and {@code tracestate} (either may be null) describe. */
  public static Context extract(String traceparent, String tracestate) {
    return extract(
        name ->
            switch (name) {
              case TRACEPARENT -> traceparent;
              case TRACESTATE -> tracestate;
              default -> null;
            });
  }

  /** Writes {@code span}'s position as {@code traceparent} and {@code tracestate} headers. */
  public static void inject(SpanContext span, BiConsumer<String, String> headers) {
    W3C.inject(Context.root().with(Span.wrap(span)), headers, (h, k, v) -> h.accept(k, v));
  }

  /** The span a stored {@code traceparent} names: invalid when it is null or malformed. */
  public static SpanContext spanContext(String traceparent) {
    return Span.fromContext(extract(traceparent, null)).getSpanContext();
  }

  /** {@code span}'s position as headers, for storing or sending later. */
  public static Map<String, String> headers(SpanContext span) {
    Map<String, String> headers = new HashMap<>(2);
    inject(span, headers::put);
    return headers;
  }

  private static boolean exportConfigured() {
    return !blank(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || !blank(System.getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
